package io.deploymcp.ops.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ops.gc.GcPlan.Candidate;
import io.deploymcp.ops.gc.GcPlan.Kept;
import io.deploymcp.ops.gc.GcPlan.Reason;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The collector's decisions as a pure function of the platform's run and the registry's contents. */
class GcPlannerTest {
  private static final String WEB = "dp-acme-shop/web";
  private static final String CACHE = "cache/dp-acme-shop/web";
  private final Map<String, Set<String>> indexes = new HashMap<>();
  private final GcPlanner planner = new GcPlanner((repository, digest) -> indexes.getOrDefault(repository + "@" + digest, Set.of()));

  @Test
  void deletesEveryImageTheRunDoesNotKeepKnownOrNot() {
    GcRun run = run(policy(WEB, true, false, Map.of(d(1), List.of("live_production"), d(2), List.of("recent")), Set.of(d(1), d(2), d(3))));
    GcPlan plan = planner.plan(run, registry(contents(WEB, Map.of(d(1), Set.of("c1"), d(2), Set.of("c2"), d(3), Set.of("c3")), Set.of(d(4)))));

    assertThat(deleted(plan.claims())).containsExactlyInAnyOrder(WEB + "@" + d(3), WEB + "@" + d(4));
    assertThat(plan.claims()).filteredOn(c -> c.image().digest().equals(d(3))).extracting(Candidate::reason).containsExactly(Reason.NOT_NEEDED);
    assertThat(plan.claims()).filteredOn(c -> c.image().digest().equals(d(4))).extracting(Candidate::reason).containsExactly(Reason.UNKNOWN);
    assertThat(kept(plan)).containsEntry(WEB + "@" + d(1), List.of("live_production")).containsEntry(WEB + "@" + d(2), List.of("recent"));
    assertThat(plan.cacheDeletions()).isEmpty();
  }

  @Test
  void whileABuildIsInFlightOnlyKnownDigestsGo() {
    GcRun run = run(policy(WEB, true, true, Map.of(d(1), List.of("live_production")), Set.of(d(1), d(2))));
    GcPlan plan = planner.plan(run, registry(contents(WEB, Map.of(d(1), Set.of("a"), d(2), Set.of("b"), d(3), Set.of("c")), Set.of())));

    assertThat(deleted(plan.claims())).containsExactly(WEB + "@" + d(2));
    assertThat(kept(plan)).containsEntry(WEB + "@" + d(3), List.of(GcPlan.BUILD_IN_FLIGHT));
  }

  @Test
  void aDeletedServiceLosesEverythingItsCacheToo() {
    GcRun run = run(policy(WEB, false, false, Map.of(), Set.of(d(1))));
    GcPlan plan = planner.plan(run, registry(
        contents(WEB, Map.of(d(1), Set.of("a")), Set.of(d(2))),
        contents(CACHE, Map.of(d(5), Set.of("latest")), Set.of(d(6)))));

    assertThat(deleted(plan.claims())).containsExactlyInAnyOrder(WEB + "@" + d(1), WEB + "@" + d(2));
    assertThat(plan.cacheDeletions()).extracting(Candidate::reason).containsOnly(Reason.CACHE_OF_DELETED_SERVICE);
    assertThat(deleted(plan.cacheDeletions())).containsExactlyInAnyOrder(CACHE + "@" + d(5), CACHE + "@" + d(6));
    assertThat(plan.kept()).isEmpty();
  }

  @Test
  void theCacheOfAnExistingServiceKeepsOnlyLatest() {
    GcRun run = run(policy(WEB, true, false, Map.of(), Set.of()));
    GcPlan plan = planner.plan(run, registry(contents(CACHE, Map.of(d(5), Set.of("latest"), d(7), Set.of("old")), Set.of(d(6)))));

    assertThat(deleted(plan.cacheDeletions())).containsExactlyInAnyOrder(CACHE + "@" + d(6), CACHE + "@" + d(7));
    assertThat(plan.cacheDeletions()).extracting(Candidate::reason).containsOnly(Reason.CACHE_SUPERSEDED);
    assertThat(kept(plan)).containsEntry(CACHE + "@" + d(5), List.of(GcPlan.CACHE_LATEST));
    assertThat(plan.claims()).as("cache manifests are not claimed").isEmpty();
  }

  @Test
  void theCacheOfABusyServiceIsLeftAloneTonight() {
    GcRun run = run(policy(WEB, true, true, Map.of(), Set.of()));
    GcPlan plan = planner.plan(run, registry(contents(CACHE, Map.of(d(5), Set.of("latest")), Set.of(d(6)))));

    assertThat(plan.cacheDeletions()).isEmpty();
    assertThat(kept(plan).keySet()).containsExactlyInAnyOrder(CACHE + "@" + d(5), CACHE + "@" + d(6));
  }

  @Test
  void theManifestsOfAKeptIndexStayWithIt() {
    indexes.put(WEB + "@" + d(1), Set.of(d(2), d(3)));
    indexes.put(WEB + "@" + d(3), Set.of(d(4))); // an index of indexes: followed all the way down
    GcRun run = run(policy(WEB, true, false, Map.of(d(1), List.of("rollback_target")), Set.of(d(1))));
    GcPlan plan = planner.plan(run, registry(contents(WEB, Map.of(d(1), Set.of("v1")), Set.of(d(2), d(3), d(4), d(5)))));

    assertThat(kept(plan)).containsEntry(WEB + "@" + d(2), List.of(GcPlan.INDEX_CHILD))
        .containsEntry(WEB + "@" + d(3), List.of(GcPlan.INDEX_CHILD)).containsEntry(WEB + "@" + d(4), List.of(GcPlan.INDEX_CHILD));
    assertThat(deleted(plan.claims())).containsExactly(WEB + "@" + d(5));
  }

  @Test
  void repositoriesThePlatformDoesNotListAreLeftAlone() {
    GcRun run = run(policy(WEB, true, false, Map.of(), Set.of()));
    GcPlan plan = planner.plan(run, registry(
        contents("dp-other-team/api", Map.of(d(1), Set.of("a")), Set.of()),
        contents("cache/dp-other-team/api", Map.of(d(2), Set.of("latest")), Set.of())));

    assertThat(plan.allDeletions()).isEmpty();
    assertThat(plan.unvouched()).containsExactly("dp-other-team/api", "cache/dp-other-team/api");
  }

  @Test
  void aKeptDigestTheRegistryNoLongerHasIsNoMatter() {
    GcRun run = run(policy(WEB, true, false, Map.of(d(9), List.of("live_preview")), Set.of(d(9))));
    GcPlan plan = planner.plan(run, registry(contents(WEB, Map.of(d(1), Set.of("a")), Set.of())));

    assertThat(deleted(plan.claims())).containsExactly(WEB + "@" + d(1));
    assertThat(plan.kept()).isEmpty();
  }

  private static Set<String> deleted(List<Candidate> candidates) {
    return candidates.stream().map(c -> c.image().toString()).collect(Collectors.toSet());
  }

  private static Map<String, List<String>> kept(GcPlan plan) {
    return plan.kept().stream().collect(Collectors.toMap(k -> k.image().toString(), Kept::reasons));
  }

  private static GcRun run(RepositoryPolicy... policies) {
    Map<String, RepositoryPolicy> byName = new LinkedHashMap<>();
    for (RepositoryPolicy policy : policies) {
      byName.put(policy.repository(), policy);
    }
    return new GcRun(Optional.of(UUID.randomUUID()), Optional.empty(), 2, byName);
  }

  private static RepositoryPolicy policy(String repository, boolean exists, boolean busy, Map<String, List<String>> keep, Set<String> known) {
    return new RepositoryPolicy(repository, exists, busy, keep, known);
  }

  private static RepositoryContents contents(String repository, Map<String, Set<String>> tagged, Set<String> untagged) {
    return new RepositoryContents(repository, tagged, untagged);
  }

  private static Map<String, RepositoryContents> registry(RepositoryContents... contents) {
    Map<String, RepositoryContents> byName = new LinkedHashMap<>();
    for (RepositoryContents c : contents) {
      byName.put(c.repository(), c);
    }
    return byName;
  }

  static String d(int n) {
    return "sha256:" + String.format("%064x", n);
  }
}
