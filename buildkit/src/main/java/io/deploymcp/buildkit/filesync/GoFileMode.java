package io.deploymcp.buildkit.filesync;

/**
 * Go's {@code os.FileMode} bit layout, which fsutil puts on the wire instead of POSIX st_mode:
 * the type lives in the high bits, the permission and set-id/sticky flags are moved too.
 */
final class GoFileMode {
  static final int DIR = 1 << 31;
  static final int SYMLINK = 1 << 27;
  static final int DEVICE = 1 << 26;
  static final int NAMED_PIPE = 1 << 25;
  static final int SOCKET = 1 << 24;
  static final int SETUID = 1 << 23;
  static final int SETGID = 1 << 22;
  static final int CHAR_DEVICE = 1 << 21;
  static final int STICKY = 1 << 20;
  static final int IRREGULAR = 1 << 19;
  /** Go's os.ModeType: an entry with none of these bits is a regular file. */
  static final int TYPE_MASK = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | IRREGULAR;

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private GoFileMode() {}

  /** The conversion Go's os.Lstat does on Linux (fillFileStatFromSys). */
  static int fromUnix(int stMode) {
    int mode = stMode & 0777;
    mode |= switch (stMode & S_IFMT) {
      case S_IFBLK -> DEVICE;
      case S_IFCHR -> DEVICE | CHAR_DEVICE;
      case S_IFDIR -> DIR;
      case S_IFIFO -> NAMED_PIPE;
      case S_IFLNK -> SYMLINK;
      case S_IFSOCK -> SOCKET;
      default -> 0;
    };
    if ((stMode & 04000) != 0) {
      mode |= SETUID;
    }
    if ((stMode & 02000) != 0) {
      mode |= SETGID;
    }
    if ((stMode & 01000) != 0) {
      mode |= STICKY;
    }
    return mode;
  }

  /** Only regular files carry content; the receiver requests data for exactly these entries. */
  static boolean isRegular(int goMode) {
    return (goMode & TYPE_MASK) == 0;
  }

  static boolean isDirectory(int goMode) {
    return (goMode & DIR) != 0;
  }
}
