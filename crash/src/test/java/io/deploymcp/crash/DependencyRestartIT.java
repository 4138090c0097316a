package io.deploymcp.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.crash.support.CrashPlatform;
import io.deploymcp.crash.support.EngineImages;
import io.deploymcp.crash.support.RegistryProcess;
import io.deploymcp.crash.support.RunningActivities;
import io.deploymcp.crash.support.Services;
import io.deploymcp.crash.support.SharedPlatform;
import io.deploymcp.crash.support.UnixSocketProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 §1, the build and cluster dependencies going away mid-deploy: BuildKit mid-build, the
 * registry mid-push, the Kubernetes API mid-apply. Each is out for a blip (shorter than the
 * step's first retry interval, 2 s), after which the deploy must succeed on retry, and, in the
 * long version ({@code -Dcrash.long=true}), for longer than every retry of the step, after which
 * it must end failed with that dependency's reason code. Never a deployment left non-terminal.
 *
 * <p>What is real and what stands in: the registry is Debian's docker-registry on a port of its
 * own, really killed (SIGKILL) and started again on its storage; the Kubernetes stand-in's API
 * sits behind a TCP proxy that drops every connection and stops listening (connection refused,
 * as from an API server that is down); BuildKit is the shared Docker engine's, which other work
 * uses and so is not restarted: its socket sits behind a unix-socket proxy that drops every
 * connection and refuses new ones, which is what a restarting daemon looks like to the worker
 * (the engine cancels the solve whose session went away, as a restart loses it).
 */
@ExtendWith(SharedPlatform.class)
class DependencyRestartIT {
  private static final boolean LONG = Boolean.getBoolean("crash.long");
  private static final Duration BLIP = Duration.ofMillis(1500);
  private static final Duration OUTAGE = Duration.ofSeconds(40);

  enum Dependency { BUILDKIT_MID_BUILD, REGISTRY_MID_PUSH, KUBERNETES_MID_APPLY }

  /** The reason codes each dependency's long outage may end in (named by the worker). */
  private static final Map<Dependency, Set<String>> CODES = Map.of(
      Dependency.BUILDKIT_MID_BUILD, Set.of("BUILDKIT_UNREACHABLE"),
      Dependency.REGISTRY_MID_PUSH, Set.of("PUSH_FAILED", "REGISTRY_UNREACHABLE"),
      Dependency.KUBERNETES_MID_APPLY, Set.of("KUBERNETES_APPLY_FAILED", "KUBERNETES_UNREACHABLE"));

  record Case(Dependency dependency, Duration outage, String outcome, String problem) {}

  @Test
  void aDependencyThatGoesAwayMidDeployEndsInARetryOrAClearReasonCode(CrashPlatform platform) throws Exception {
    long started = System.nanoTime();
    Random random = new Random();
    Services services = new Services(platform, Files.createDirectories(platform.work().resolve("dep-repos")), random);
    List<Case> cases = new ArrayList<>();
    try (RegistryProcess registry = new RegistryProcess(platform.work().resolve("own-registry"));
        UnixSocketProxy engine = new UnixSocketProxy(platform.work().resolve("engine.sock"), CrashPlatform.ENGINE_SOCKET);
        RunningActivities temporal = new RunningActivities(platform.temporal().target(), platform.temporal().namespace())) {
      registry.start();
      // Only this host may build: its BuildKit and registry are the ones the test breaks.
      platform.stopWorkersExcept("deps");
      CrashPlatform.Worker deps = platform.workers().containsKey("deps")
          ? platform.worker("deps")
          : platform.startWorker("deps", "crash-deps", Map.of(
              "BUILDKIT_HOST", "docker://" + engine.socket(),
              "REGISTRY_HOST", registry.host()));
      platform.awaitReady(deps, Duration.ofSeconds(180));
      EngineImages images = new EngineImages(CrashPlatform.ENGINE_SOCKET);

      List<Duration> outages = LONG ? List.of(BLIP, OUTAGE) : List.of(BLIP);
      for (Duration outage : outages) {
        for (Dependency dependency : Dependency.values()) {
          Services.Names names = services.fresh("dep", 256 * 1024);
          UUID id = services.create(names);
          String image = registry.host() + "/" + names.imageRepository() + ":" + names.repo().headSha();
          BooleanSupplier moment = switch (dependency) {
            case BUILDKIT_MID_BUILD -> () -> running(temporal, id, "BuildAndPush") && !images.has(image);
            case REGISTRY_MID_PUSH -> () -> running(temporal, id, "BuildAndPush") && images.has(image);
            case KUBERNETES_MID_APPLY -> () -> running(temporal, id, "Apply");
          };
          String problem = null;
          if (!await(moment, services, id)) {
            problem = "the deploy never reached the moment; it ended " + services.row(id);
          } else {
            switch (dependency) {
              case BUILDKIT_MID_BUILD -> engine.cut();
              case REGISTRY_MID_PUSH -> registry.kill9();
              case KUBERNETES_MID_APPLY -> platform.kubeProxy().cut();
            }
            Thread.sleep(outage);
            switch (dependency) {
              case BUILDKIT_MID_BUILD -> engine.restore();
              case REGISTRY_MID_PUSH -> registry.start();
              case KUBERNETES_MID_APPLY -> platform.kubeProxy().restore();
            }
          }
          List<UUID> open = services.awaitTerminal(List.of(id), Duration.ofSeconds(180));
          Map<String, Object> row = services.row(id);
          String outcome = row.get("status") + (row.get("error_code") == null ? "" : " " + row.get("error_code"));
          if (problem == null && !open.isEmpty()) {
            problem = "not terminal: " + row;
          } else if (problem == null && outage.equals(BLIP) && !"running".equals(row.get("status"))) {
            problem = "a " + BLIP.toMillis() + " ms outage was not retried: " + outcome + " (" + row.get("error_message") + ")";
          } else if (problem == null && outage.equals(OUTAGE) && !"running".equals(row.get("status"))
              && !CODES.get(dependency).contains(String.valueOf(row.get("error_code")))) {
            problem = "ended " + outcome + " (" + row.get("error_message") + "), not with " + CODES.get(dependency);
          }
          cases.add(new Case(dependency, outage, outcome, problem));
        }
      }
    } finally {
      platform.kubeProxy().restore();
      // Its BuildKit and registry go with this suite: the host must not take other suites' work.
      platform.stopWorkersExcept("none");
    }
    String summary = String.join("\n",
        "DependencyRestartIT summary" + (LONG ? " (long)" : ""),
        "  " + String.join("\n  ", cases.stream().map(c -> c.dependency() + " out " + c.outage().toMillis() + " ms: "
            + c.outcome() + (c.problem() == null ? "" : " — " + c.problem())).toList()),
        "  took " + (System.nanoTime() - started) / 1_000_000_000 + " s");
    System.out.println(summary);
    Files.writeString(platform.logs().resolve("dependency-restart-summary.txt"), summary + "\n");
    assertThat(cases).allSatisfy(c -> assertThat(c.problem()).as("%s", c).isNull());
  }

  private static boolean running(RunningActivities temporal, UUID id, String type) {
    return temporal.of(id).map(r -> r.type().equals(type)).orElse(false);
  }

  private static boolean await(BooleanSupplier moment, Services services, UUID id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (moment.getAsBoolean()) {
        return true;
      }
      if (Services.TERMINAL.contains(services.status(id))) {
        return false;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
