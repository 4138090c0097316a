package io.deploymcp.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.crash.support.ApiClient;
import io.deploymcp.crash.support.ClusterObjects;
import io.deploymcp.crash.support.CrashPlatform;
import io.deploymcp.crash.support.Services;
import io.deploymcp.crash.support.SharedPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 §1, API kill -9: the packaged API, as its own process, is killed with SIGKILL in the
 * middle of a create, a deploy and a delete, and started again; the client retries with the same
 * Idempotency-Key until it has an answer, as a client following the API's contract does. Each
 * operation is killed at two moments: right after its database commit, with the workflow start
 * held (the API reaches Temporal through a proxy the test pauses), so the kill falls between the
 * two writes; and at a random moment of the request. Then: the retry's answer names what the first
 * attempt made (the same service, the same deployment; a delete answered as a delete), nothing was
 * made twice (one service, one deployment per create or deploy), and nothing is lost or stuck
 * (every deployment reaches a terminal state, a deleted service leaves nothing in the cluster).
 */
@ExtendWith(SharedPlatform.class)
class ApiKillIT {
  private static final int RUNS = Integer.getInteger("crash.api.runs", 1);
  private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
  private static final Duration RETRY_FOR = Duration.ofSeconds(90);

  enum Operation { CREATE, DEPLOY, DELETE }

  enum Moment { BETWEEN_COMMIT_AND_WORKFLOW_START, RANDOM }

  record Outcome(Operation operation, Moment moment, String service, boolean firstAnswered, int retries,
      ApiClient.Response answer, String problem) {}

  @Test
  void retriedRequestsGetTheFirstOutcomeAndNothingIsLostOrMadeTwice(CrashPlatform platform) throws Exception {
    long started = System.nanoTime();
    Random random = new Random(SEED);
    System.out.println("ApiKillIT: crash.api.runs=" + RUNS + " crash.seed=" + SEED);
    platform.worker("a");
    Services services = new Services(platform, Files.createDirectories(platform.work().resolve("api-repos")), random);
    ClusterObjects cluster = new ClusterObjects(platform.standIn().client());

    // Services the deploys and deletes act on, deployed once beforehand.
    List<Services.Names> existing = new ArrayList<>();
    List<UUID> firstDeploys = new ArrayList<>();
    for (int i = 0; i < 4 * RUNS; i++) {
      Services.Names names = services.fresh("apikill", 0);
      existing.add(names);
      firstDeploys.add(services.create(names));
    }
    assertThat(services.awaitTerminal(firstDeploys, Duration.ofSeconds(180))).isEmpty();

    List<Outcome> outcomes = new ArrayList<>();
    int next = 0;
    for (int run = 0; run < RUNS; run++) {
      for (Moment moment : Moment.values()) {
        outcomes.add(create(platform, services, random, moment));
        outcomes.add(deploy(platform, services, random, moment, existing.get(next++)));
        outcomes.add(delete(platform, services, cluster, random, moment, existing.get(next++)));
      }
    }

    List<String> violations = outcomes.stream().filter(o -> o.problem() != null)
        .map(o -> o.operation() + " at " + o.moment() + " (" + o.service() + "): " + o.problem()).toList();
    String summary = String.join("\n",
        "ApiKillIT summary (seed " + SEED + ")",
        "  API kills " + outcomes.size() + ": " + outcomes.stream()
            .map(o -> o.operation() + "/" + o.moment() + " first answered " + o.firstAnswered() + ", retries "
                + o.retries() + ", final " + o.answer().status() + o.answer().replayed().map(r -> " replayed").orElse(""))
            .toList(),
        "  took " + (System.nanoTime() - started) / 1_000_000_000 + " s",
        "  violations " + violations.size());
    System.out.println(summary);
    Files.writeString(platform.logs().resolve("api-kill-summary.txt"), summary + "\n" + String.join("\n", violations) + "\n");
    assertThat(violations).isEmpty();
  }

  private static Outcome create(CrashPlatform platform, Services services, Random random, Moment moment) throws Exception {
    Services.Names names = services.fresh("apinew", 0);
    String key = "create-" + UUID.randomUUID();
    Attempt attempt = killDuring(platform, random, moment,
        () -> platform.client().post("/v1/services", names.createBody(), key, Duration.ofSeconds(30)),
        () -> platform.sql().count("select count(*) from services where name = ?", names.service()) > 0);
    Retried retried = retry(() -> platform.client().post("/v1/services", names.createBody(), key, Duration.ofSeconds(30)));
    ApiClient.Response answer = retried.answer();
    List<String> problems = new ArrayList<>();
    if (answer.status() != 200 && answer.status() != 202) {
      problems.add("retry answered " + answer);
    }
    long servicesMade = platform.sql().count("select count(*) from services where name = ?", names.service());
    List<Object> deployments = platform.sql().rows(
            "select d.id from deployments d join services s on s.id = d.service_id where s.name = ?", names.service())
        .stream().map(r -> r.get("id")).toList();
    if (servicesMade != 1 || deployments.size() != 1) {
      problems.add(servicesMade + " services and " + deployments.size() + " deployments made");
    } else {
      UUID deployment = (UUID) deployments.getFirst();
      if (!deployment.toString().equals(answer.json().path("deployment_id").asText())) {
        problems.add("the retry names deployment " + answer.json().path("deployment_id").asText() + ", the database "
            + deployment);
      }
      problems.addAll(finishes(services, deployment));
    }
    sameAsFirst(attempt, answer, problems);
    return new Outcome(Operation.CREATE, moment, names.service(), attempt.answered() != null, retried.retries(), answer,
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  private static Outcome deploy(CrashPlatform platform, Services services, Random random, Moment moment,
      Services.Names names) throws Exception {
    String key = "deploy-" + UUID.randomUUID();
    String path = "/v1/services/" + names.service() + "/deploys";
    long before = deploymentsOf(platform, names);
    Attempt attempt = killDuring(platform, random, moment,
        () -> platform.client().post(path, "{}", key, Duration.ofSeconds(30)),
        () -> deploymentsOf(platform, names) > before);
    Retried retried = retry(() -> platform.client().post(path, "{}", key, Duration.ofSeconds(30)));
    ApiClient.Response answer = retried.answer();
    List<String> problems = new ArrayList<>();
    if (answer.status() != 202) {
      problems.add("retry answered " + answer);
    }
    List<Object> made = platform.sql().rows(
            "select d.id from deployments d join services s on s.id = d.service_id where s.name = ? order by d.created_at",
            names.service())
        .stream().skip(before).map(r -> r.get("id")).toList();
    if (made.size() != 1) {
      problems.add(made.size() + " deployments made by one deploy request");
    } else {
      if (!made.getFirst().toString().equals(answer.json().path("id").asText())) {
        problems.add("the retry names deployment " + answer.json().path("id").asText() + ", the database " + made.getFirst());
      }
      problems.addAll(finishes(services, (UUID) made.getFirst()));
    }
    sameAsFirst(attempt, answer, problems);
    return new Outcome(Operation.DEPLOY, moment, names.service(), attempt.answered() != null, retried.retries(), answer,
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  private static Outcome delete(CrashPlatform platform, Services services, ClusterObjects cluster, Random random,
      Moment moment, Services.Names names) throws Exception {
    String key = "delete-" + UUID.randomUUID();
    String path = "/v1/services/" + names.service();
    Attempt attempt = killDuring(platform, random, moment,
        () -> platform.client().delete(path, key, Duration.ofSeconds(30)),
        () -> platform.sql().count("select count(*) from services where name = ? and deleted_at is not null",
            names.service()) > 0);
    Retried retried = retry(() -> platform.client().delete(path, key, Duration.ofSeconds(30)));
    ApiClient.Response answer = retried.answer();
    List<String> problems = new ArrayList<>();
    if (answer.status() != 202) {
      problems.add("retry answered " + answer);
    }
    ApiClient.Response read = platform.client().get(path, Duration.ofSeconds(10));
    if (read.status() != 404) {
      problems.add("the service still reads " + read.status());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!cluster.in(names.namespace()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    if (!cluster.in(names.namespace()).isEmpty()) {
      problems.add("left in the cluster: " + cluster.in(names.namespace()).stream()
          .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    }
    sameAsFirst(attempt, answer, problems);
    return new Outcome(Operation.DELETE, moment, names.service(), attempt.answered() != null, retried.retries(), answer,
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  interface Call {
    ApiClient.Response send() throws IOException, InterruptedException;
  }

  /** What the killed attempt got: its answer if one came before the kill. */
  record Attempt(ApiClient.Response answered) {}

  record Retried(ApiClient.Response answer, int retries) {}

  /**
   * Sends the request and kills the API at the moment: once {@code committed} holds while the
   * workflow start is held at the Temporal proxy, or after a random 0-250 ms. Starts the API again.
   */
  private static Attempt killDuring(CrashPlatform platform, Random random, Moment moment, Call call,
      BooleanSupplier committed) throws Exception {
    if (moment == Moment.BETWEEN_COMMIT_AND_WORKFLOW_START) {
      platform.temporalProxy().pause();
    }
    CompletableFuture<ApiClient.Response> first = CompletableFuture.supplyAsync(() -> {
      try {
        return call.send();
      } catch (IOException | InterruptedException e) {
        return null; // the connection died with the API
      }
    }, Executors.newVirtualThreadPerTaskExecutor());
    try {
      if (moment == Moment.BETWEEN_COMMIT_AND_WORKFLOW_START) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!committed.getAsBoolean()) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the request's write never committed");
          }
          Thread.sleep(5);
        }
      } else {
        Thread.sleep(random.nextInt(250));
      }
      platform.api().kill9();
    } finally {
      platform.temporalProxy().resume();
    }
    ApiClient.Response answered = first.get();
    platform.startApi();
    return new Attempt(answered);
  }

  /** Sends until the answer is final: not a connection error, not 5xx, not "the first is still running". */
  private static Retried retry(Call call) throws Exception {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    ApiClient.Response last = null;
    int retries = 0;
    while (System.nanoTime() < deadline) {
      retries++;
      try {
        last = call.send();
        boolean inFlight = last.status() == 409 && "IDEMPOTENCY_KEY_IN_FLIGHT".equals(last.json().path("code").asText());
        if (last.status() < 500 && !inFlight) {
          return new Retried(last, retries);
        }
      } catch (IOException notUp) {
        // the API is starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no final answer within " + RETRY_FOR + "; last " + last);
  }

  /** When the killed attempt got an answer, the retry must be that answer again. */
  private static void sameAsFirst(Attempt attempt, ApiClient.Response answer, List<String> problems) {
    if (attempt.answered() != null
        && (attempt.answered().status() != answer.status() || !attempt.answered().json().equals(answer.json()))) {
      problems.add("the first attempt was answered " + attempt.answered() + " but the retry " + answer);
    }
  }

  private static List<String> finishes(Services services, UUID deployment) throws InterruptedException {
    if (!services.awaitTerminal(List.of(deployment), Duration.ofSeconds(120)).isEmpty()) {
      return List.of("deployment " + deployment + " stuck: " + services.row(deployment));
    }
    Map<String, Object> row = services.row(deployment);
    return "running".equals(row.get("status")) ? List.of()
        : List.of("deployment " + deployment + " ended " + row.get("status") + " " + row.get("error_code"));
  }

  private static long deploymentsOf(CrashPlatform platform, Services.Names names) {
    return platform.sql().count(
        "select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?", names.service());
  }
}
