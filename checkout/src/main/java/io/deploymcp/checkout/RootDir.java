package io.deploymcp.checkout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code root_dir} of a service: checked as text before anything is fetched, and against
 * the checked-out tree afterwards, so a build context can never lie outside the workspace.
 */
final class RootDir {
  private static final int LISTED_DIRECTORIES = 10;

  private RootDir() {}

  /**
   * The relative path {@code rootDir} names, in the form {@code a/b} ({@code ""} for the
   * repository root). Refuses absolute paths, {@code ..}, backslashes and control characters.
   */
  static String normalize(String rootDir) {
    String text = rootDir.strip();
    if (text.startsWith("/")) {
      throw invalid(rootDir, "it is absolute; give a path relative to the repository root");
    }
    if (text.indexOf('\\') >= 0 || text.chars().anyMatch(Character::isISOControl)) {
      throw invalid(rootDir, "it contains a backslash or a control character");
    }
    List<String> parts = new ArrayList<>();
    for (String part : text.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw invalid(rootDir, "it leaves the repository ('..')");
      }
      if (part.equals(".git")) {
        throw invalid(rootDir, "it names git's own directory");
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /**
   * The build context for a normalized {@code rootDir} in a checked-out workspace: it must be a
   * directory, and after following symlinks it must still lie inside the workspace.
   */
  static Path resolve(Path workspace, String normalized) {
    Path context = normalized.isEmpty() ? workspace : workspace.resolve(normalized);
    if (!Files.isDirectory(context)) {
      String what = Files.exists(context, LinkOption.NOFOLLOW_LINKS) ? "is not a directory" : "does not exist";
      throw new CheckoutException(
          CheckoutFailure.ROOT_DIR_NOT_FOUND,
          "root_dir '" + normalized + "' " + what + " in the repository at this commit",
          "Set root_dir to a directory of the repository"
              + topLevelDirectories(workspace)
              + ", or to \"\" for the repository root.");
    }
    try {
      Path realWorkspace = workspace.toRealPath();
      Path realContext = context.toRealPath();
      if (!realContext.startsWith(realWorkspace)) {
        throw new CheckoutException(
            CheckoutFailure.ROOT_DIR_NOT_FOUND,
            "root_dir '" + normalized + "' leads outside the repository through a symbolic link",
            "Point root_dir at a real directory inside the repository.");
      }
      // Keep the caller's spelling of the workspace; only the part inside it is resolved.
      return workspace.resolve(realWorkspace.relativize(realContext).toString());
    } catch (IOException e) {
      throw new CheckoutException(
          CheckoutFailure.ROOT_DIR_NOT_FOUND,
          "root_dir '" + normalized + "' cannot be read: " + e.getClass().getSimpleName(),
          "Point root_dir at a readable directory inside the repository.");
    }
  }

  private static String topLevelDirectories(Path workspace) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(workspace, Files::isDirectory)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      return "";
    }
    names.sort(null);
    if (names.isEmpty()) {
      return " (this commit has none at the top level)";
    }
    return " (top level: " + String.join(", ", names.subList(0, Math.min(LISTED_DIRECTORIES, names.size()))) + ")";
  }

  private static CheckoutException invalid(String rootDir, String why) {
    return new CheckoutException(
        CheckoutFailure.ROOT_DIR_NOT_FOUND,
        "root_dir '" + rootDir + "' is not usable: " + why,
        "Set root_dir to a path inside the repository such as \"apps/web\", or \"\" for the root.");
  }
}
