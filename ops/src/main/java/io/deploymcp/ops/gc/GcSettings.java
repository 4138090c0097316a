package io.deploymcp.ops.gc;

import io.deploymcp.registry.RegistryAuth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * bin/registry-gc's arguments and environment, checked before anything is contacted.
 *
 * @param mode what this process does (one night's collection, or one of the CronJob's steps)
 * @param apiUrl DP_API_URL
 * @param token DP_OPERATOR_TOKEN
 * @param registryHost REGISTRY_HOST (default 127.0.0.1:5000)
 * @param registryInsecure REGISTRY_INSECURE=true: plain HTTP to a registry off loopback
 * @param registryAuth REGISTRY_USERNAME and REGISTRY_PASSWORD, if the registry needs a login
 * @param storageRoot REGISTRY_STORAGE_ROOT, the registry's storage directory (read-only is enough)
 * @param keepLast --keep-last or DP_REGISTRY_GC_KEEP_LAST (default 2, 1..100)
 * @param dryRun --dry-run
 * @param blobGc --blob-gc 'COMMAND ARGS': registry garbage-collect, run by the collector
 * @param handoff --handoff DIR or --finish DIR: the CronJob's shared directory
 */
public record GcSettings(
    Mode mode,
    URI apiUrl,
    OperatorToken token,
    String registryHost,
    boolean registryInsecure,
    Optional<RegistryAuth> registryAuth,
    Optional<Path> storageRoot,
    int keepLast,
    boolean dryRun,
    Optional<BlobGcCommand> blobGc,
    Optional<Path> handoff) {

  public static final int DEFAULT_KEEP_LAST = 2;

  public enum Mode {
    /** Everything, in one process (bin/registry-gc). */
    COLLECT,
    /** The CronJob's first step: everything up to the blob sweep, then hand over (--handoff). */
    HANDOFF,
    /** The CronJob's last step: end the run the first one left open (--finish). */
    FINISH,
    HELP
  }

  /** A wrong argument or setting: the message says which and what to do. */
  public static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return "GcSettings[mode=" + mode + ", apiUrl=" + apiUrl + ", registryHost=" + registryHost + ", keepLast=" + keepLast
        + ", dryRun=" + dryRun + ", storageRoot=" + storageRoot.orElse(null) + "]";
  }

  public static GcSettings parse(List<String> args, Map<String, String> env) throws UsageException {
    Mode mode = Mode.COLLECT;
    boolean dryRun = false;
    Optional<String> keepLastArg = Optional.empty();
    Optional<BlobGcCommand> blobGc = Optional.empty();
    Optional<Path> handoff = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> mode = Mode.HELP;
        case "--dry-run" -> dryRun = true;
        case "--keep-last" -> keepLastArg = Optional.of(value(args, ++i, arg));
        case "--blob-gc" -> blobGc = Optional.of(blobGc(value(args, ++i, arg)));
        case "--handoff", "--finish" -> {
          if (handoff.isPresent()) {
            throw new UsageException("give --handoff or --finish once");
          }
          handoff = Optional.of(directory(value(args, ++i, arg), arg));
          mode = arg.equals("--handoff") ? Mode.HANDOFF : Mode.FINISH;
        }
        default -> throw new UsageException("unknown argument: " + (arg.startsWith("-") ? arg : "(a value)"));
      }
    }
    if (mode == Mode.HELP) {
      return new GcSettings(mode, null, null, null, false, Optional.empty(), Optional.empty(), 0, false, Optional.empty(), Optional.empty());
    }
    if (dryRun && handoff.isPresent()) {
      throw new UsageException("--dry-run deletes nothing and has no blob sweep to hand over: drop --handoff/--finish");
    }
    if (blobGc.isPresent() && handoff.isPresent()) {
      throw new UsageException("--blob-gc runs garbage-collect here; --handoff leaves it to the CronJob's next step: give one");
    }
    URI apiUrl = apiUrl(env);
    OperatorToken token;
    try {
      token = new OperatorToken(env.get("DP_OPERATOR_TOKEN"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // names the variable, never the value
    }
    String registryHost = Optional.ofNullable(env.get("REGISTRY_HOST")).map(String::strip).filter(v -> !v.isEmpty())
        .orElse("127.0.0.1:5000");
    boolean insecure = switch (env.getOrDefault("REGISTRY_INSECURE", "false").strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new UsageException("REGISTRY_INSECURE must be true or false");
    };
    Optional<String> user = nonBlank(env, "REGISTRY_USERNAME");
    Optional<String> password = nonBlank(env, "REGISTRY_PASSWORD");
    if (user.isPresent() != password.isPresent()) {
      throw new UsageException("set both REGISTRY_USERNAME and REGISTRY_PASSWORD, or neither");
    }
    Optional<RegistryAuth> auth = user.map(u -> new RegistryAuth(u, password.orElseThrow()));
    Optional<Path> storageRoot = nonBlank(env, "REGISTRY_STORAGE_ROOT").map(Path::of);
    if (storageRoot.isPresent() && !Files.isDirectory(storageRoot.get())) {
      throw new UsageException("REGISTRY_STORAGE_ROOT=" + storageRoot.get() + " is not a directory");
    }
    int keepLast = keepLast(keepLastArg.or(() -> nonBlank(env, "DP_REGISTRY_GC_KEEP_LAST")));
    return new GcSettings(mode, apiUrl, token, registryHost, insecure, auth, storageRoot, keepLast, dryRun, blobGc, handoff);
  }

  private static URI apiUrl(Map<String, String> env) throws UsageException {
    String value = nonBlank(env, "DP_API_URL").orElseThrow(() -> new UsageException(
        "DP_API_URL is not set: the platform API's base URL, e.g. http://deploy-mcp-api.dp-system:8080"));
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("DP_API_URL is not a URL: '" + value + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new UsageException("DP_API_URL must be http(s)://host[:port][/path] without user, query or fragment: '"
          + (uri.getRawUserInfo() != null ? "(with a user part)" : value) + "'");
    }
    return uri;
  }

  private static int keepLast(Optional<String> value) throws UsageException {
    if (value.isEmpty()) {
      return DEFAULT_KEEP_LAST;
    }
    try {
      int n = Integer.parseInt(value.get().strip());
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("keep-last must be a whole number from 1 to 100 (got '" + value.get() + "')");
  }

  private static BlobGcCommand blobGc(String command) throws UsageException {
    List<String> words = Arrays.stream(command.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    try {
      return new BlobGcCommand(words);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--blob-gc: " + e.getMessage());
    }
  }

  private static Path directory(String value, String option) throws UsageException {
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new UsageException(option + " " + value + ": not a directory (the CronJob mounts an emptyDir there)");
    }
    return dir;
  }

  private static String value(List<String> args, int index, String option) throws UsageException {
    if (index >= args.size() || args.get(index).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(index);
  }

  private static Optional<String> nonBlank(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
