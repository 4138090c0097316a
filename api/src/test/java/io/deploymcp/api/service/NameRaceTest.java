package io.deploymcp.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The name is the subdomain: under a race of 50 creates exactly one wins, enforced by PostgreSQL. */
@QuarkusTest
@WithTestResource(TestStack.class)
class NameRaceTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  @Test
  void fiftyConcurrentCreatesOfOneNameYieldExactlyOneService() throws Exception {
    Db db = new Db(dataSource);
    Workflows workflows = new Workflows(workflowClient);
    String name = Names.unique("race");
    // Half the racers belong to another tenant, so both the same-tenant path (200 existing)
    // and the cross-tenant path (409 NAME_TAKEN) run against the winner.
    String rival = new Tenants(db).newTenantWithKey(Names.unique("rival"), "deploy");
    int openBefore = workflows.openCount();

    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
      for (int i = 0; i < 50; i++) {
        String key = i % 2 == 0 ? TestStack.BOOTSTRAP_KEY : rival;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return Api.as(key)
                      .body(Map.of("name", name, "repo", "https://github.com/org/race-app"))
                      .post("/v1/services")
                      .statusCode();
                }));
      }
      start.countDown();
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : results) {
      statuses.add(f.get());
    }

    assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    assertThat(statuses).allMatch(s -> s == 202 || s == 200 || s == 409);
    assertThat(db.count("select count(*) from services where name = ? and deleted_at is null", name)).isEqualTo(1);
    assertThat(db.count("select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?", name))
        .isEqualTo(1);
    assertThat(workflows.openCount()).isEqualTo(openBefore + 1);
  }
}
