package io.deploymcp.ops.gc;

import io.deploymcp.registry.RegistryClient;
import io.deploymcp.registry.RegistryEndpoint;
import io.deploymcp.registry.RegistryException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/registry-gc [--dry-run] [--keep-last N] [--blob-gc 'registry garbage-collect CONFIG']}
 * and the CronJob's steps ({@code --handoff DIR}, {@code --finish DIR}): deletes the images no
 * deployment needs, by digest, with the platform's consent (docs/registry-gc.md). The token comes
 * only from the environment, and nothing printed holds it.
 */
public final class RegistryGcCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final Duration PLATFORM_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

  static final String USAGE_TEXT =
      """
      Usage: bin/registry-gc [--dry-run] [--keep-last N] [--blob-gc 'COMMAND ARGS']
             registry-gc --handoff DIR | --finish DIR      (the CronJob's first and last steps)
        Deletes, by digest, every image of dp-*/<service> no deployment needs (live, rollback target,
        not finished, or among the last N per service), with the platform's consent, and the build
        cache cache/dp-*/<service> except its latest; then lets the registry reclaim the blobs.
        --dry-run     print what would be deleted; claim and delete nothing
        --keep-last N images to keep per service besides those in use (1..100; default 2)
        --blob-gc CMD run the registry's blob collection while the platform holds pushes, e.g.
                      'registry garbage-collect /etc/docker/registry/config.yml' (never --delete-untagged)
        --handoff DIR stop after the sweep is granted; DIR tells the garbage-collect step and --finish
        --finish DIR  end the run --handoff left open, report garbage-collect's outcome
      Environment: DP_API_URL, DP_OPERATOR_TOKEN (required); REGISTRY_HOST (default 127.0.0.1:5000),
        REGISTRY_INSECURE, REGISTRY_USERNAME/REGISTRY_PASSWORD; REGISTRY_STORAGE_ROOT (the registry's
        storage directory, read-only: untagged images and the blob store's size); DP_REGISTRY_GC_KEEP_LAST""";

  private RegistryGcCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, SweepRetry.DEFAULT, RunListener.NONE);
  }

  /** With the sweep's retry policy and a listener of the plan: what tests vary. */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err,
      SweepRetry retry, RunListener listener) {
    GcSettings settings;
    try {
      settings = GcSettings.parse(args, env);
    } catch (GcSettings.UsageException e) {
      err.println("registry-gc: " + e.getMessage() + "\n" + USAGE_TEXT);
      return USAGE;
    }
    if (settings.mode() == GcSettings.Mode.HELP) {
      out.println(USAGE_TEXT);
      return OK;
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    try (http; RegistryClient registry = new RegistryClient(
        RegistryEndpoint.of(settings.registryHost(), settings.registryInsecure()), settings.registryAuth(), http, REGISTRY_TIMEOUT)) {
      PlatformClient platform = new PlatformClient(settings.apiUrl(), settings.token(), http, PLATFORM_TIMEOUT);
      BlobSweep sweep = settings.blobGc().<BlobSweep>map(BlobSweep.Command::new)
          .or(() -> settings.handoff().map(dir -> new BlobSweep.HandedOff(new Handoff(dir))))
          .orElseGet(BlobSweep.None::new);
      RegistryGc gc = new RegistryGc(platform, registry, settings.storageRoot(), sweep, retry, listener, out, err);
      return switch (settings.mode()) {
        case COLLECT, HANDOFF -> gc.collect(settings.keepLast(), settings.dryRun());
        case FINISH -> gc.finish(new Handoff(settings.handoff().orElseThrow()));
        case HELP -> OK;
      };
    } catch (RegistryException e) {
      err.println("registry-gc: " + e.getMessage() + " (" + e.hint() + ")");
      return USAGE; // the registry host itself is not usable
    }
  }
}
