package io.deploymcp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server from zonky's Maven Central binaries, listening on 127.0.0.1 only.
 *
 * <p>PostgreSQL refuses to run as root, and CI and many dev containers run as root: then the
 * server runs as {@code nobody} (through util-linux {@code setpriv}) and owns its data
 * directory. When {@code nobody} cannot reach the requested directory (e.g. under a 0700
 * home), the cluster lives under {@code /var/lib/deploy-mcp/} instead, at a path derived from
 * the requested one so restarts find the same data.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  public static final String DATABASE = "deploymcp";
  public static final String USER = "deploymcp";
  private static final int NOBODY = 65534;

  private final Path binaries;
  private final Path root;
  private final int port;
  private final boolean temporary;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedPostgres(Path binaries, Path root, int port, boolean temporary) {
    this.binaries = binaries;
    this.root = root;
    this.port = port;
    this.temporary = temporary;
    this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts (initialising on first use) the cluster kept under {@code dataDir}. Data survives
   * restarts. {@code port} 0 picks a free port.
   */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    Path root = reachableRoot(dataDir.toAbsolutePath().normalize());
    return boot(root, port == 0 ? freePort() : port, false);
  }

  /** A fresh cluster on a free port, without fsync, deleted on {@link #close()}. For tests. */
  public static EmbeddedPostgres startTemporary() {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      Path root =
          Files.createTempDirectory(
              base, "dp-pg-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      return boot(root, freePort(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Like {@link #startTemporary()}, from a PostgreSQL installed on this machine instead of
   * zonky's (a directory holding {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres},
   * e.g. Debian's {@code /usr/lib/postgresql/15}): for tests whose client tools (pg_dump,
   * pg_restore) must share the server's major version.
   */
  public static EmbeddedPostgres startTemporary(Path installation) {
    if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
      throw new IllegalStateException("no PostgreSQL server at " + installation + " (bin/postgres missing)");
    }
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      Path root =
          Files.createTempDirectory(
              base, "dp-pg-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      return boot(installation, root, freePort(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops a server that an earlier, killed launcher left running on the cluster kept under
   * {@code dataDir} (the one {@link #start} would use), found by the data directory's
   * {@code postmaster.pid}. Returns its process id, or empty when no such server runs. A pid file
   * whose process is gone or is not a postgres (the pid was reused) is left for
   * {@code pg_ctl start} to handle, as PostgreSQL does itself.
   */
  public static Optional<Long> stopLeftover(Path dataDir) {
    Path root = reachableRoot(dataDir.toAbsolutePath().normalize());
    Optional<ProcessHandle> postmaster = runningPostmaster(root.resolve("data"));
    if (postmaster.isEmpty()) {
      return Optional.empty();
    }
    EmbeddedPostgres pg = new EmbeddedPostgres(PostgresBinaries.installed(), root, 0, false);
    pg.close(); // pg_ctl stop -m fast on the data directory, then forget the hook
    postmaster.get().onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    if (postmaster.get().isAlive()) {
      throw new IllegalStateException("PostgreSQL " + postmaster.get().pid() + " (left running on "
          + root.resolve("data") + ") did not stop within 30 s");
    }
    return Optional.of(postmaster.get().pid());
  }

  /** The live postmaster of a data directory, from the first line of its postmaster.pid. */
  static Optional<ProcessHandle> runningPostmaster(Path dataDirectory) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
    } catch (IOException e) {
      return Optional.empty();
    }
    if (lines.isEmpty() || !lines.getFirst().strip().matches("[0-9]{1,10}")) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.getFirst().strip()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false));
  }

  private static EmbeddedPostgres boot(Path root, int port, boolean temporary) {
    return boot(PostgresBinaries.installed(), root, port, temporary);
  }

  private static EmbeddedPostgres boot(Path binaries, Path root, int port, boolean temporary) {
    EmbeddedPostgres pg = new EmbeddedPostgres(binaries, root, port, temporary);
    try {
      pg.initIfNeeded();
      pg.stopStale();
      pg.startServer();
      pg.createDatabaseIfMissing();
      return pg;
    } catch (RuntimeException e) {
      pg.stopQuietly();
      throw e;
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  public int port() {
    return port;
  }

  /** Where the cluster lives (may differ from the requested directory when run as root). */
  public Path dataDirectory() {
    return root.resolve("data");
  }

  @Override
  public synchronized void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Already in shutdown: the hook runs (or ran) anyway.
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
      run(List.of(bin("pg_ctl"), "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "30", "stop"), false);
    }
    if (temporary) {
      try {
        PostgresBinaries.deleteTree(root);
      } catch (IOException ignored) {
        // A temp dir left behind is not worth failing a shutdown for.
      }
    }
  }

  private void initIfNeeded() {
    if (Files.exists(dataDirectory().resolve("PG_VERSION"))) {
      return;
    }
    try {
      Files.createDirectories(root);
      giveToServerUser(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
    List<String> cmd = new ArrayList<>(List.of(
        bin("initdb"), "-D", dataDirectory().toString(), "-U", USER, "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-instructions"));
    if (temporary) {
      cmd.add("--no-sync");
    }
    run(cmd, true);
  }

  /** A server left running by a killed JVM holds the data dir: stop it before starting ours. */
  private void stopStale() {
    if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
      run(List.of(bin("pg_ctl"), "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "30", "stop"), false);
    }
  }

  private void startServer() {
    String options =
        "-p " + port + " -h 127.0.0.1 -c unix_socket_directories= -c max_connections=200"
            + (temporary ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
    run(List.of(bin("pg_ctl"), "-D", dataDirectory().toString(), "-l", root.resolve("postgres.log").toString(),
        "-o", options, "-w", "-t", "60", "start"), true);
  }

  private void createDatabaseIfMissing() {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, USER, "");
        var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, DATABASE);
      try (var rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (var create = c.createStatement()) {
            create.execute("create database " + DATABASE);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL started but database setup failed: " + e.getMessage(), e);
    }
  }

  private String bin(String name) {
    return binaries.resolve("bin").resolve(name).toString();
  }

  private void run(List<String> command, boolean mustSucceed) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish in 90 s");
      }
      if (p.exitValue() != 0 && mustSucceed) {
        String log = readLog();
        throw new IllegalStateException(
            Path.of(command.get(0)).getFileName() + " failed (exit " + p.exitValue() + "): "
                + new String(out, StandardCharsets.UTF_8).strip() + (log.isEmpty() ? "" : "\n" + log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private String readLog() {
    try {
      List<String> lines = Files.readAllLines(root.resolve("postgres.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static void giveToServerUser(Path dir) throws IOException {
    if (!isRoot()) {
      return;
    }
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
    Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(users.lookupPrincipalByGroupName("nogroup"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static Path reachableRoot(Path requested) {
    if (!isRoot() || traversableByOthers(requested.getParent())) {
      return requested;
    }
    String digest = HexFormat.of().formatHex(sha256(requested.toString())).substring(0, 16);
    Path fallback = Path.of("/var/lib/deploy-mcp", "postgres-" + digest);
    try {
      Files.createDirectories(fallback.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Files.setPosixFilePermissions(fallback.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + fallback.getParent(), e);
    }
    return fallback;
  }

  /** True when every existing ancestor lets others traverse it (o+x). */
  private static boolean traversableByOthers(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (!Files.exists(p)) {
        continue;
      }
      try {
        PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          return traversableByOthers(p.toRealPath());
        }
        if (!attrs.permissions().contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
