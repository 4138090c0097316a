package io.deploymcp.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.crash.support.ChildJvm;
import io.deploymcp.crash.support.ClusterObjects;
import io.deploymcp.crash.support.CrashPlatform;
import io.deploymcp.crash.support.EngineImages;
import io.deploymcp.crash.support.RegistryTags;
import io.deploymcp.crash.support.RunningActivities;
import io.deploymcp.crash.support.Services;
import io.deploymcp.crash.support.SharedPlatform;
import io.deploymcp.crash.support.WorkspaceWatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 §1, worker kill -9: two worker processes (worker.jar, as bin/local-stack runs it)
 * deploy services through the engine's BuildKit, the loopback registry and the Kubernetes
 * stand-in, with four deploys not interrupted yet always in flight, while this test kills one of them with SIGKILL at a
 * chosen moment of a deploy — in the clone, the build, the push, the apply or the rollout wait,
 * in a shuffled turn, of the first deploy not interrupted yet to get there (after a random bit
 * more), and with it every other deploy that worker was running wherever it was — and starts a
 * new process for that host at once (the hosts take turns; the next kill waits until the deploys
 * this one interrupted have ended, so each is interrupted by one kill).
 * PostgreSQL, Temporal (the test server on a port) and the stand-in live in this JVM and survive.
 *
 * <p>Then: every deployment is terminal, and running unless a kill took more attempts of one step
 * than its retry policy has; no service has a second deployment; each namespace holds exactly
 * the objects one uninterrupted deploy leaves (the reference run's, names aside); the apply
 * requests of a namespace are whole or cut-short applies one after the other, never two
 * interleaved; an image the registry had when its build's worker was killed is not built again;
 * after the services are deleted (with a kill during the deletes too) nothing of them is left in
 * the stand-in; no workspace got older than the sweeper's bound plus one sweep; and each restarted
 * worker came back on the same host queue (worker a by DP_WORKER_HOST_ID, worker b by the stable
 * default). {@code -Dcrash.runs=N} (CI 20, long version 100) is how many deployments kills must
 * interrupt, with at least N/4 kills (and 5: each moment aimed at once); {@code -Dcrash.seed}
 * repeats a run's choices.
 */
@ExtendWith(SharedPlatform.class)
class WorkerKillIT {
  private static final int RUNS = Integer.getInteger("crash.runs", 20);
  private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
  /** Kills at least: a quarter of the runs (a kill interrupts every deploy its worker runs), every moment once. */
  private static final int MIN_KILLS = Math.max(RUNS / 4, 5);
  /** Deployments not interrupted yet kept in flight while the kills go on. */
  private static final int IN_FLIGHT = 4;
  /** Besides the page: enough files that the clone and the context upload take a moment. */
  private static final int PADDING = 3 * 1024 * 1024;
  private static final Duration WORKER_START = Duration.ofSeconds(180);
  private static final Duration SETTLE = Duration.ofSeconds(240);

  enum Moment { CLONE, BUILD, PUSH, APPLY, ROLLOUT_WAIT }

  /** Attempts each step has (DeployWorkflowImpl's retry options): more kills than that may fail it. */
  private static final Map<String, Integer> ATTEMPTS =
      Map.of("Checkout", 4, "BuildAndPush", 2, "Apply", 4, "AwaitRollout", 2);

  record Run(Services.Names names, UUID deploymentId) {}

  /** A deployment interrupted by a kill: where it was, and what the registry and its log held then. */
  record Hit(Run run, int kill, String moment, String activity, int attempt, long logSeq, boolean imagePushed) {}

  @Test
  void killedWorkersLeaveEveryDeploymentFinishedOnceAndNothingBehind(CrashPlatform platform) throws Exception {
    long started = System.nanoTime();
    Random random = new Random(SEED);
    System.out.println("WorkerKillIT: crash.runs=" + RUNS + " crash.seed=" + SEED);
    Services services = new Services(platform, Files.createDirectories(platform.work().resolve("repos")), random);
    EngineImages engine = new EngineImages(CrashPlatform.ENGINE_SOCKET);
    RegistryTags registry = new RegistryTags(CrashPlatform.REGISTRY);
    ClusterObjects cluster = new ClusterObjects(platform.standIn().client());

    CrashPlatform.Worker a = platform.worker("a");
    CrashPlatform.Worker b = platform.worker("b");
    Map<String, List<ChildJvm>> generations = new LinkedHashMap<>();
    generations.put("a", new ArrayList<>(List.of(a.process())));
    generations.put("b", new ArrayList<>(List.of(b.process())));

    List<String> violations = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    List<Hit> hits = new ArrayList<>();
    Map<Moment, Integer> aimed = new TreeMap<>();
    List<String> timeline = new ArrayList<>();
    int kills = 0;
    try (WorkspaceWatch watch = WorkspaceWatch.start(List.of(a.workspaces(), b.workspaces()));
        RunningActivities temporal = new RunningActivities(platform.temporal().target(), platform.temporal().namespace())) {

      // The reference: one deploy nobody kills.
      Run reference = start(services, "ref");
      assertThat(services.awaitTerminal(List.of(reference.deploymentId()), SETTLE)).isEmpty();
      assertThat(services.status(reference.deploymentId())).as("%s", services.row(reference.deploymentId()))
          .isEqualTo("running");
      List<String> referenceObjects = cluster.normalized(reference.names().namespace(), placeholders(services, reference));
      List<String> referenceApplies =
          ClusterObjects.applies(platform.standIn().requests(), reference.names().namespace(), reference.names().service());
      assertThat(referenceObjects).isNotEmpty();
      assertThat(referenceApplies).isNotEmpty();

      // Kill after kill until enough deployments were interrupted.
      List<Moment> order = new ArrayList<>();
      String lastVictim = "";
      Set<UUID> ended = new java.util.HashSet<>();
      // A run is a deployment a kill interrupted; every moment is aimed at more than once.
      while ((distinct(hits) < RUNS || kills < MIN_KILLS) && kills < RUNS * 2) {
        if (order.isEmpty()) {
          order.addAll(List.of(Moment.values()));
          Collections.shuffle(order, random);
        }
        Moment moment = order.removeFirst();
        // Keep a few deployments in flight; the kill aims at whichever one not interrupted yet
        // reaches the moment first, on a worker that is up, and takes the others where they are.
        // One kill at a time, then a new worker: the last kill's new process is up first.
        for (CrashPlatform.Worker w : platform.workers().values()) {
          if (w.process().isAlive()) {
            platform.awaitReady(w, WORKER_START);
          }
        }
        Set<UUID> interrupted = hits.stream().map(h -> h.run().deploymentId()).collect(Collectors.toSet());
        // The deploys to aim at, topped up while the kill waits: not interrupted yet, in flight.
        java.util.function.Supplier<List<Run>> targets = () -> {
          List<Run> open = new ArrayList<>();
          for (Run r : runs) {
            if (interrupted.contains(r.deploymentId()) || ended.contains(r.deploymentId())) {
              continue;
            }
            if (Services.TERMINAL.contains(services.status(r.deploymentId()))) {
              ended.add(r.deploymentId());
            } else {
              open.add(r);
            }
          }
          try {
            while (open.size() < IN_FLIGHT) {
              Run fresh = start(services, "kill");
              runs.add(fresh);
              open.add(fresh);
              Thread.sleep(150 + random.nextInt(250));
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return open;
        };
        long pid = awaitMoment(platform, temporal, engine, targets, moment, lastVictim, random);
        CrashPlatform.Worker victim = victim(platform, pid, random);
        lastVictim = victim.name();
        aimed.merge(moment, 1, Integer::sum);
        long victimPid = victim.process().pid();
        victim.process().kill9();
        kills++;
        int before = hits.size();
        for (Run r : runs) {
          hit(services, temporal, engine, registry, r, victimPid, kills).ifPresent(hits::add);
        }
        timeline.add(String.format("%.0fs kill %d (%s, worker %s): %s", (System.nanoTime() - started) / 1e9, kills,
            moment, victim.name(), hits.subList(before, hits.size()).stream().map(Hit::moment).toList()));
        // A new worker for the host at once: the same environment, so the same host identity.
        platform.restart(victim);
        generations.get(victim.name()).add(victim.process());
        // Each deploy is interrupted by one kill: the next comes once this one's are through.
        services.awaitTerminal(hits.subList(before, hits.size()).stream().map(h -> h.run().deploymentId()).toList(),
            SETTLE);
      }

      List<UUID> ids = runs.stream().map(Run::deploymentId).toList();
      List<UUID> unfinished = services.awaitTerminal(ids, SETTLE);
      timeline.add(String.format("%.0fs all terminal", (System.nanoTime() - started) / 1e9));
      for (UUID id : unfinished) {
        violations.add("deployment " + id + " not terminal after " + SETTLE + ": " + services.row(id));
      }

      // Outcomes: running, unless kills took more attempts of one step than it has.
      Map<String, Integer> outcomes = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      for (Run r : runs) {
        Map<String, Object> row = services.row(r.deploymentId());
        String outcome = row.get("status") + (row.get("error_code") == null ? "" : " " + row.get("error_code"));
        outcomes.merge(outcome, 1, Integer::sum);
        if (!"running".equals(row.get("status"))) {
          failures.add(r.names().service() + " " + outcome + " (" + row.get("error_message") + ") after interruptions "
              + hitsOf(hits, r));
        }
        if (!"running".equals(row.get("status")) && !exhausted(hits, r)) {
          violations.add(r.names().service() + " ended " + outcome + " (" + row.get("error_message") + ") after "
              + hitsOf(hits, r) + " interruptions");
        }
      }

      // Exactly one service and one deployment per create; no second object of any kind.
      for (Run r : runs) {
        long deployments = platform.sql().count(
            "select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?", r.names().service());
        if (deployments != 1) {
          violations.add(r.names().service() + " has " + deployments + " deployments");
        }
        if (!"running".equals(services.status(r.deploymentId()))) {
          continue;
        }
        List<String> objects = cluster.normalized(r.names().namespace(), placeholders(services, r));
        if (!objects.equals(referenceObjects)) {
          violations.add(r.names().service() + ": objects differ from one uninterrupted apply:\n  got      "
              + String.join("\n           ", difference(objects, referenceObjects)) + "\n  expected "
              + String.join("\n           ", difference(referenceObjects, objects)));
        }
      }

      // One apply at a time per deployment: the namespace's apply requests are whole or cut-short
      // applies in sequence; two at once would interleave.
      for (Run r : runs) {
        List<String> applies = ClusterObjects.applies(platform.standIn().requests(), r.names().namespace(), r.names().service());
        String problem = interleaving(applies, referenceApplies);
        if (problem != null) {
          violations.add(r.names().service() + ": " + problem + " in " + applies);
        }
      }

      // An image the registry had when its worker died is never built again.
      int pushedAtKill = 0;
      for (Hit h : hits) {
        if (h.imagePushed()) {
          pushedAtKill++;
          List<String> after = services.logAfter(h.run().deploymentId(), h.logSeq());
          if (after.stream().anyMatch(l -> l.startsWith("generated Dockerfile"))) {
            violations.add(h.run().names().service() + ": built again after kill " + h.kill() + " although the registry"
                + " had its image: " + after);
          }
        }
      }

      // Delete every service, with one more kill while the removals run.
      for (Run r : concat(runs, reference)) {
        var deleted = platform.client().delete("/v1/services/" + r.names().service(), null, Duration.ofSeconds(30));
        if (deleted.status() != 202) {
          violations.add("delete " + r.names().service() + ": " + deleted);
        }
      }
      Thread.sleep(random.nextInt(1500));
      CrashPlatform.Worker deleteVictim = random.nextBoolean() ? a : b;
      deleteVictim.process().kill9();
      kills++;
      platform.restart(deleteVictim);
      generations.get(deleteVictim.name()).add(deleteVictim.process());
      Map<String, List<String>> leftovers = awaitEmpty(cluster, concat(runs, reference), Duration.ofSeconds(120));
      timeline.add(String.format("%.0fs deleted services gone from the cluster", (System.nanoTime() - started) / 1e9));
      leftovers.forEach((ns, objects) -> violations.add("left in " + ns + " after its service was deleted: " + objects));

      // Workspaces: none older than the sweeper's bound plus one sweep, at any time.
      Duration limit = CrashPlatform.SWEEP_BOUND.plus(CrashPlatform.SWEEP_INTERVAL).plusSeconds(5);
      List<WorkspaceWatch.Seen> seen = watch.seen();
      for (WorkspaceWatch.Seen s : seen) {
        if (s.maxAge().compareTo(limit) > 0) {
          violations.add("workspace " + s.path() + " reached " + s.maxAge().toSeconds() + " s (limit " + limit.toSeconds() + " s)");
        }
      }
      long outlivedWorkflow = seen.stream().filter(s -> Duration.between(s.first(), s.last()).compareTo(Duration.ofSeconds(30)) > 0).count();

      // Host identity: each host's processes announced one queue.
      Map<String, Set<String>> queues = new TreeMap<>();
      for (var entry : generations.entrySet()) {
        for (ChildJvm process : entry.getValue()) {
          if (process.isAlive()) {
            process.awaitLine(l -> l.contains("Worker ready: polling Temporal"), WORKER_START);
          }
          process.lines().stream()
              .filter(l -> l.contains("build host queue "))
              .map(l -> l.substring(l.indexOf("build host queue ") + 17).split(" ")[0])
              .forEach(q -> queues.computeIfAbsent(entry.getKey(), k -> new LinkedHashSet<>()).add(q));
        }
      }
      if (!queues.getOrDefault("a", Set.of()).equals(Set.of("deploy-mcp.host.crash-a"))) {
        violations.add("worker a's processes announced " + queues.get("a"));
      }
      if (queues.getOrDefault("b", Set.of()).size() != 1) {
        violations.add("worker b's processes announced " + queues.get("b"));
      }
      long startedOver = generations.values().stream().flatMap(List::stream).flatMap(p -> p.lines().stream())
          .filter(l -> l.contains("went away; starting over")).count();

      long referenceApply = ClusterObjects.applySpanMillis(platform.standIn().requests(), reference.names().namespace());
      Map<String, Long> byMoment = hits.stream().collect(Collectors.groupingBy(Hit::moment, TreeMap::new, Collectors.counting()));
      String summary = String.join("\n",
          "WorkerKillIT summary (seed " + SEED + ")",
          "  deployments " + runs.size() + " (+1 reference), kills " + kills + " (aimed at " + aimed + ", one during the deletes)",
          "  deployments interrupted " + distinct(hits) + " (" + hits.size() + " interruptions) by moment " + byMoment,
          "  outcomes " + outcomes + (failures.isEmpty() ? "" : "\n    " + String.join("\n    ", failures)),
          "  images already pushed at the kill " + pushedAtKill + ", built again 0 unless listed below",
          "  checkouts/builds started over on another host " + startedOver + "; the reference's apply took "
              + referenceApply + " ms at the stand-in",
          "  workspaces seen " + seen.size() + ", still there after 30 s " + outlivedWorkflow + ", oldest "
              + seen.stream().map(WorkspaceWatch.Seen::maxAge).max(Duration::compareTo).orElse(Duration.ZERO).toSeconds()
              + " s (limit " + limit.toSeconds() + " s)",
          "  host queues " + queues,
          "  took " + (System.nanoTime() - started) / 1_000_000_000 + " s: " + String.join("; ", timeline),
          "  violations " + violations.size());
      System.out.println(summary);
      Files.writeString(platform.logs().resolve("worker-kill-summary.txt"), summary + "\n" + String.join("\n", violations) + "\n");
    }
    assertThat(distinct(hits)).as("deployments interrupted by a kill").isGreaterThanOrEqualTo(RUNS);
    assertThat(kills).as("kills").isGreaterThanOrEqualTo(MIN_KILLS);
    assertThat(violations).as("violations").isEmpty();
  }

  private static Run start(Services services, String prefix) throws Exception {
    Services.Names names = services.fresh(prefix, PADDING);
    return new Run(names, services.create(names));
  }

  /**
   * Waits until one of {@code runs} is at {@code moment} on a worker that is up, then a random bit
   * more; returns the pid of the worker running that run's step then. After 8 s without, any step
   * of theirs will do (the runs have moved past the moment); -1 when 60 s went by. {@code targets}
   * is asked again twice a second (it starts fresh deploys as the others end).
   */
  private static long awaitMoment(CrashPlatform platform, RunningActivities temporal, EngineImages engine,
      java.util.function.Supplier<List<Run>> targets, Moment moment, String avoid, Random random)
      throws InterruptedException {
    long turn = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    long patience = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Set<Long> ready = new java.util.HashSet<>();
    List<Run> runs = targets.get();
    long refreshed = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() - refreshed > Duration.ofMillis(500).toNanos()) {
        runs = targets.get();
        refreshed = System.nanoTime();
      }
      ready.clear();
      boolean patient = System.nanoTime() < patience;
      for (CrashPlatform.Worker w : platform.workers().values()) {
        // The hosts take turns: the last kill's host is passed over for the first seconds.
        if (w.process().isAlive() && w.process().lines().stream().anyMatch(l -> l.contains("Worker ready"))
            && !(System.nanoTime() < turn && w.name().equals(avoid))) {
          ready.add(w.process().pid());
        }
      }
      for (Run run : runs) {
        Optional<RunningActivities.Running> now = temporal.of(run.deploymentId());
        if (now.isEmpty() || !ready.contains(now.get().workerPid())) {
          continue;
        }
        String type = now.get().type();
        String image = CrashPlatform.REGISTRY + "/" + run.names().imageRepository() + ":" + run.names().repo().headSha();
        boolean reached =
            switch (moment) {
              case CLONE -> type.equals("Checkout");
              case BUILD -> type.equals("BuildAndPush") && !engine.has(image);
              case PUSH -> type.equals("BuildAndPush") && engine.has(image);
              case APPLY -> type.equals("Apply");
              case ROLLOUT_WAIT -> type.equals("AwaitRollout");
            };
        if (reached || !patient) {
          Thread.sleep(random.nextInt(offsetMillis(moment)));
          return temporal.of(run.deploymentId()).map(RunningActivities.Running::workerPid).orElse(now.get().workerPid());
        }
      }
      Thread.sleep(25);
    }
    return -1;
  }

  /** How far past the moment's start the kill may come (about the moment's length here). */
  private static int offsetMillis(Moment moment) {
    return switch (moment) {
      case CLONE -> 150;
      case BUILD -> 1500;
      case PUSH -> 150;
      case APPLY -> 60;
      case ROLLOUT_WAIT -> 1200;
    };
  }

  /** The worker process with that pid, else one at random (of those alive). */
  private static CrashPlatform.Worker victim(CrashPlatform platform, long pid, Random random) {
    List<CrashPlatform.Worker> alive = platform.workers().values().stream().filter(w -> w.process().isAlive()).toList();
    return alive.stream().filter(w -> w.process().pid() == pid).findFirst()
        .orElse(alive.get(random.nextInt(alive.size())));
  }

  /** The run, if the killed worker was running one of its steps: where, and what was pushed. */
  private static Optional<Hit> hit(Services services, RunningActivities temporal, EngineImages engine, RegistryTags registry,
      Run run, long killedPid, int kill) {
    Optional<RunningActivities.Running> running = temporal.of(run.deploymentId());
    if (running.isEmpty() || running.get().workerPid() != killedPid) {
      return Optional.empty();
    }
    String sha = run.names().repo().headSha();
    String image = CrashPlatform.REGISTRY + "/" + run.names().imageRepository() + ":" + sha;
    String type = running.get().type();
    String moment =
        switch (type) {
          case "Checkout" -> "clone";
          case "BuildAndPush" -> engine.has(image) ? "push" : "build";
          case "Apply" -> "apply";
          case "AwaitRollout" -> "rollout wait";
          default -> type;
        };
    boolean pushed = registry.tags(run.names().imageRepository()).stream().anyMatch(t -> t.startsWith(sha + "-"));
    return Optional.of(new Hit(run, kill, moment, type, running.get().attempt(), services.maxLogSeq(run.deploymentId()), pushed));
  }

  private static long distinct(List<Hit> hits) {
    return hits.stream().map(h -> h.run().deploymentId()).distinct().count();
  }

  private static List<String> hitsOf(List<Hit> hits, Run run) {
    return hits.stream().filter(h -> h.run().equals(run)).map(h -> h.moment() + " (attempt " + h.attempt() + ")").toList();
  }

  /** Whether kills took every attempt one step of the run has. */
  private static boolean exhausted(List<Hit> hits, Run run) {
    Map<String, Long> perStep = hits.stream().filter(h -> h.run().equals(run))
        .collect(Collectors.groupingBy(Hit::activity, Collectors.counting()));
    return perStep.entrySet().stream().anyMatch(e -> e.getValue() >= ATTEMPTS.getOrDefault(e.getKey(), 1));
  }

  /** The run's own names → placeholders, so two runs' objects compare. */
  private static Map<String, String> placeholders(Services services, Run run) {
    Map<String, Object> row = services.row(run.deploymentId());
    Map<String, String> names = new LinkedHashMap<>();
    names.put(run.names().namespace(), "<namespace>");
    names.put(run.names().service(), "<service>");
    names.put(run.names().project(), "<project>");
    names.put(run.deploymentId().toString(), "<deployment>");
    names.put(String.valueOf(row.get("service_id")), "<service-id>");
    names.put(run.names().repo().headSha(), "<commit>");
    return names;
  }

  /**
   * Null when {@code applies} is a sequence of prefixes of {@code reference} (each apply, whole
   * or cut short by a kill, starting from the first object); else what breaks it.
   */
  static String interleaving(List<String> applies, List<String> reference) {
    int next = 0;
    for (int i = 0; i < applies.size(); i++) {
      String path = applies.get(i);
      if (next < reference.size() && path.equals(reference.get(next))) {
        next++;
      } else if (path.equals(reference.getFirst())) {
        next = 1;
      } else {
        return "apply request " + i + " (" + path + ") follows " + (i == 0 ? "nothing" : applies.get(i - 1))
            + " out of order";
      }
    }
    return null;
  }

  private static List<String> difference(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.forEach(out::remove);
    return out;
  }

  private static List<Run> concat(List<Run> runs, Run one) {
    List<Run> all = new ArrayList<>(runs);
    all.add(one);
    return all;
  }

  /** Waits until no namespace of the runs holds anything; returns what is still there then. */
  private static Map<String, List<String>> awaitEmpty(ClusterObjects cluster, List<Run> runs, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<String>> left = new TreeMap<>();
    while (true) {
      left.clear();
      for (Run r : runs) {
        List<HasMetadata> objects = cluster.in(r.names().namespace());
        if (!objects.isEmpty()) {
          left.put(r.names().namespace(),
              objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        }
      }
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(500);
    }
  }
}
