package io.deploymcp.api.registrygc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The keep rules as a pure function of deployment rows, case by case. */
class InventoryTest {
  private static final String REPO = "dp-t-p/web";
  private static final UUID SERVICE = UUID.randomUUID();

  private static String digest(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  private static String image(int n) {
    return "registry.internal:5000/" + REPO + "@" + digest(n);
  }

  /** A deployment row of the one service; {@code flags} from "production", "preview", "rollback", "pushing". */
  private static InventoryRow row(String status, String imageRef, String... flags) {
    List<String> f = List.of(flags);
    return new InventoryRow(SERVICE, REPO, true, UUID.randomUUID(), status, imageRef,
        f.contains("production"), f.contains("preview"), f.contains("rollback"), f.contains("pushing"));
  }

  private static RepositoryEntry only(Inventory inventory) {
    List<RepositoryEntry> entries = inventory.entries();
    assertThat(entries).hasSize(1);
    return entries.getFirst();
  }

  private static Map<String, List<KeepReason>> keep(RepositoryEntry entry) {
    Map<String, List<KeepReason>> keep = new java.util.LinkedHashMap<>();
    entry.keep().forEach(k -> keep.put(k.digest(), k.reasons()));
    return keep;
  }

  @Test
  void recentCountsDistinctImagesNewestFirstWhateverTheirStatus() {
    List<InventoryRow> rows = new ArrayList<>(List.of(
        row("failed", image(5)), row("running", image(5)), row("failed", null), row("cancelled", image(4)),
        row("running", image(3), "production"), row("running", image(2)), row("running", image(1))));

    RepositoryEntry entry = only(Inventory.of(rows, 2));

    assertThat(keep(entry)).containsExactly(
        Map.entry(digest(3), List.of(KeepReason.LIVE_PRODUCTION)),
        Map.entry(digest(4), List.of(KeepReason.RECENT)),
        Map.entry(digest(5), List.of(KeepReason.RECENT)));
    assertThat(entry.known()).containsExactly(digest(1), digest(2), digest(3), digest(4), digest(5));
    assertThat(entry.busy()).isFalse();
  }

  @Test
  void aDigestCarriesEveryReasonInOrder() {
    RepositoryEntry entry = only(Inventory.of(List.of(
        row("deploying", image(1)), row("running", image(1), "preview"), row("running", image(1), "production"),
        row("running", image(1), "rollback")), 1));

    assertThat(keep(entry)).containsExactly(Map.entry(digest(1), List.of(
        KeepReason.LIVE_PRODUCTION, KeepReason.LIVE_PREVIEW, KeepReason.ROLLBACK_TARGET, KeepReason.NOT_TERMINAL,
        KeepReason.RECENT)));
  }

  @Test
  void busyMeansAPushMayBeUnderWay() {
    assertThat(only(Inventory.of(List.of(row("building", null)), 2)).busy()).as("building, no digest yet").isTrue();
    assertThat(only(Inventory.of(List.of(row("queued", null)), 2)).busy()).as("queued").isTrue();
    assertThat(only(Inventory.of(List.of(row("superseded", null, "pushing")), 2)).busy()).as("push in flight").isTrue();
    assertThat(only(Inventory.of(List.of(row("running", "registry/" + REPO + ":latest")), 2)).busy())
        .as("an image not recorded by digest").isTrue();
    assertThat(only(Inventory.of(List.of(row("failed", null), row("cancelled", null)), 2)).busy()).isFalse();
  }

  @Test
  void aDeletedServiceIsListedWithNothingKept() {
    InventoryRow deleted = new InventoryRow(SERVICE, REPO, false, UUID.randomUUID(), "running", image(1),
        true, false, false, false);
    InventoryRow neverDeployed = new InventoryRow(UUID.randomUUID(), "dp-t-p/quiet", false, null, null, null,
        false, false, false, false);

    List<RepositoryEntry> entries = Inventory.of(List.of(deleted, neverDeployed), 2).entries();

    assertThat(entries).extracting(RepositoryEntry::repository).containsExactly("dp-t-p/quiet", REPO);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.serviceExists()).isFalse();
      assertThat(e.keep()).isEmpty();
    });
    assertThat(entries.getLast().known()).containsExactly(digest(1));
  }

  @Test
  void claimsAreRefusedForKeptUnknownInBusyAndUnlistedRepositories() {
    Inventory quiet = Inventory.of(List.of(row("running", image(1), "production"), row("running", image(2))), 1);
    Inventory busy = Inventory.of(List.of(row("building", null), row("running", image(2))), 1);

    assertThat(quiet.refusal(new ClaimedImage(REPO, digest(1)))).contains("live_production");
    assertThat(quiet.refusal(new ClaimedImage(REPO, digest(2)))).isEmpty();
    assertThat(quiet.refusal(new ClaimedImage(REPO, digest(9)))).as("an orphan").isEmpty();
    assertThat(quiet.refusal(new ClaimedImage("cache/" + REPO, digest(9)))).isEmpty();
    assertThat(busy.refusal(new ClaimedImage(REPO, digest(9)))).contains("busy");
    assertThat(busy.refusal(new ClaimedImage(REPO, digest(2)))).contains("recent");
    assertThat(busy.refusal(new ClaimedImage("cache/" + REPO, digest(9)))).contains("busy");
    assertThat(quiet.refusal(new ClaimedImage("dp-t-p/other", digest(1)))).contains("unknown_repository");
    assertThat(quiet.refusal(new ClaimedImage("cache/dp-t-p/other", digest(1)))).contains("unknown_repository");
    assertThat(quiet.refusal(new ClaimedImage("base/node", digest(1)))).isEqualTo(Optional.of("unknown_repository"));
  }
}
