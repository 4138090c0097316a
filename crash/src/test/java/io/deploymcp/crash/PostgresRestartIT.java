package io.deploymcp.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.crash.support.ApiClient;
import io.deploymcp.crash.support.CrashPlatform;
import io.deploymcp.crash.support.Services;
import io.deploymcp.crash.support.SharedPlatform;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 §1, PostgreSQL restart: with deploys in flight (one of them building), PostgreSQL is
 * stopped ({@code pg_ctl stop -m fast}: every session cut) for a while and started again on its
 * port. While it is down, every API request (reads and a create) is answered within 5 s with 503
 * and a problem body with a code, never left hanging; the create changed nothing. Once it is up,
 * the API answers again by itself, its LISTEN connection (MCP resource updates) is back with a
 * fresh session that ran LISTEN, and the deploys that were in flight finish.
 */
@ExtendWith(SharedPlatform.class)
class PostgresRestartIT {
  private static final Duration OUTAGE = Duration.ofSeconds(8);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  record Answer(String request, int status, String contentType, String code, long millis) {}

  @Test
  void whileDownTheApiAnswers503AtOnceAndAfterwardsEverythingCarriesOn(CrashPlatform platform) throws Exception {
    long started = System.nanoTime();
    platform.worker("a");
    Services services = new Services(platform, Files.createDirectories(platform.work().resolve("pg-repos")), new Random());
    List<Services.Names> names = new ArrayList<>();
    List<UUID> inFlight = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Services.Names n = services.fresh("pgdown", 1024 * 1024);
      names.add(n);
      inFlight.add(services.create(n));
    }
    // Down while the first is building (or as far as it got in 60 s).
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!List.of("building", "deploying").contains(services.status(inFlight.getFirst())) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Map<UUID, String> atStop = new TreeMap<>();
    inFlight.forEach(id -> atStop.put(id, services.status(id)));

    platform.stopPostgres();
    Instant stopped = Instant.now();
    ApiClient client = platform.client();
    Services.Names duringOutage = services.fresh("pgdown-new", 0);
    List<Answer> answers = new ArrayList<>();
    while (Duration.between(stopped, Instant.now()).compareTo(OUTAGE) < 0) {
      answers.add(ask(() -> client.get("/v1/services/" + names.getFirst().service(), timeout()), "GET service"));
      answers.add(ask(() -> client.get("/v1/services", timeout()), "GET services"));
      answers.add(ask(() -> client.get("/v1/deployments/" + inFlight.getFirst(), timeout()), "GET deployment"));
      answers.add(ask(() -> client.post("/v1/services", duringOutage.createBody(), null, timeout()), "POST service"));
    }
    platform.startPostgres();
    Instant restarted = Instant.now();

    // The API comes back by itself.
    Duration recovered = null;
    while (recovered == null && Duration.between(restarted, Instant.now()).toSeconds() < 60) {
      Answer a = ask(() -> client.get("/v1/services/" + names.getFirst().service(), timeout()), "GET service");
      if (a.status() == 200) {
        recovered = Duration.between(restarted, Instant.now());
      } else {
        Thread.sleep(200);
      }
    }
    // The listener reconnects and LISTENs again.
    Duration relistened = null;
    while (relistened == null && Duration.between(restarted, Instant.now()).toSeconds() < 60) {
      long listeners = platform.sql().count(
          "select count(*) from pg_stat_activity where application_name = 'deploy-mcp-api-listener'"
              + " and query ilike 'listen %' and backend_start > ?",
          OffsetDateTime.ofInstant(restarted.minusSeconds(1), java.time.ZoneOffset.UTC));
      if (listeners > 0) {
        relistened = Duration.between(restarted, Instant.now());
      } else {
        Thread.sleep(250);
      }
    }
    List<UUID> unfinished = services.awaitTerminal(inFlight, Duration.ofSeconds(180));
    Map<UUID, String> outcomes = new TreeMap<>();
    inFlight.forEach(id -> outcomes.put(id, services.status(id) + " " + services.row(id).get("error_code")));
    long madeDuringOutage = platform.sql().count("select count(*) from services where name = ?", duringOutage.service());

    String summary = String.join("\n",
        "PostgresRestartIT summary",
        "  in flight at the stop " + atStop.values() + "; outage " + OUTAGE.toSeconds() + " s, " + answers.size()
            + " requests: " + answers.stream().collect(java.util.stream.Collectors.groupingBy(
                a -> a.status() + " " + a.code(), TreeMap::new, java.util.stream.Collectors.counting())),
        "  slowest answer while down " + answers.stream().mapToLong(Answer::millis).max().orElse(0) + " ms",
        "  API answering again " + (recovered == null ? "never" : recovered.toMillis() + " ms") + " after the restart,"
            + " listener LISTENing again " + (relistened == null ? "never" : relistened.toMillis() + " ms"),
        "  deploys in flight ended " + outcomes.values(),
        "  took " + (System.nanoTime() - started) / 1_000_000_000 + " s");
    System.out.println(summary);
    Files.writeString(platform.logs().resolve("postgres-restart-summary.txt"), summary + "\n");

    assertThat(answers).isNotEmpty();
    assertThat(answers).allSatisfy(a -> {
      assertThat(a.millis()).as("%s", a).isLessThanOrEqualTo(ANSWER_WITHIN.toMillis());
      assertThat(a.status()).as("%s", a).isEqualTo(503);
      assertThat(a.contentType()).as("%s", a).startsWith("application/problem+json");
      assertThat(a.code()).as("%s", a).isNotBlank();
    });
    assertThat(madeDuringOutage).as("a create refused during the outage wrote nothing").isZero();
    assertThat(recovered).as("the API answers again").isNotNull();
    assertThat(relistened).as("the listener LISTENs again").isNotNull();
    assertThat(unfinished).as("deploys still in flight").isEmpty();
    assertThat(outcomes.values()).allMatch(o -> o.startsWith("running"), "running");
  }

  private static Duration timeout() {
    return ANSWER_WITHIN.plusSeconds(5);
  }

  interface Call {
    ApiClient.Response send() throws IOException, InterruptedException;
  }

  private static Answer ask(Call call, String what) throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      ApiClient.Response r = call.send();
      return new Answer(what, r.status(), r.contentType(), r.json().path("code").asText(""),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (HttpTimeoutException hung) {
      return new Answer(what, -1, "", "no answer", (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      return new Answer(what, -2, "", e.toString(), (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
