package io.deploymcp.api.registrygc;

import io.deploymcp.store.registrygc.ImageDigestRef;
import io.deploymcp.workflows.DeploymentStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the registry must keep, decided from the deployments alone (a pure function of the rows,
 * so opening a run and deciding a claim apply the same rules). Per repository: every digest a
 * deployment recorded ({@code known}); the kept ones with their reasons — live in production or
 * preview, production's rollback target, named by a deployment not yet ended, or among the
 * {@code keepLast} newest images of a service that still exists; and {@code busy} when a push may
 * be under way there (a deployment not ended without a digest, a push that passed the worker's
 * gate, or an image not recorded by digest).
 */
final class Inventory {
  static final String BUSY = "busy";
  static final String UNKNOWN_REPOSITORY = "unknown_repository";
  static final String CACHE_PREFIX = "cache/";

  private final Map<String, Repository> repositories = new TreeMap<>();

  private static final class Repository {
    private boolean serviceExists;
    private boolean busy;
    private final Map<String, EnumSet<KeepReason>> keep = new TreeMap<>();
    private final Set<String> known = new TreeSet<>();

    void keep(String digest, KeepReason reason) {
      keep.computeIfAbsent(digest, d -> EnumSet.noneOf(KeepReason.class)).add(reason);
    }
  }

  private Inventory() {}

  /**
   * @param rows each service's deployments newest first ({@code created_at desc, id desc}), as
   *     {@link InventoryReader} reads them
   */
  static Inventory of(List<InventoryRow> rows, int keepLast) {
    Inventory inventory = new Inventory();
    Map<UUID, SequencedSet<ImageDigestRef>> newestFirst = new LinkedHashMap<>();
    for (InventoryRow row : rows) {
      Repository own = inventory.repository(row.serviceRepository());
      own.serviceExists |= row.serviceExists();
      if (row.deploymentId() == null) {
        continue;
      }
      boolean ended = DeploymentStatus.fromWireName(row.status()).isTerminal();
      own.busy |= row.pushing();
      if (row.imageRef() == null) {
        own.busy |= !ended;
        continue;
      }
      Optional<ImageDigestRef> parsed = ImageDigestRef.parse(row.imageRef());
      if (parsed.isEmpty()) {
        // Not a digest the platform can vouch for: whatever it names, delete nothing unknown here.
        own.busy = true;
        continue;
      }
      ImageDigestRef image = parsed.get();
      Repository repository = inventory.repository(image.repository());
      repository.serviceExists |= row.serviceExists();
      repository.known.add(image.digest());
      if (!row.serviceExists()) {
        continue;
      }
      if (row.liveProduction()) {
        repository.keep(image.digest(), KeepReason.LIVE_PRODUCTION);
      }
      if (row.livePreview()) {
        repository.keep(image.digest(), KeepReason.LIVE_PREVIEW);
      }
      if (row.rollbackTarget()) {
        repository.keep(image.digest(), KeepReason.ROLLBACK_TARGET);
      }
      if (!ended) {
        repository.keep(image.digest(), KeepReason.NOT_TERMINAL);
      }
      newestFirst.computeIfAbsent(row.serviceId(), id -> new LinkedHashSet<>()).add(image);
    }
    for (SequencedSet<ImageDigestRef> images : newestFirst.values()) {
      images.stream().limit(keepLast)
          .forEach(image -> inventory.repository(image.repository()).keep(image.digest(), KeepReason.RECENT));
    }
    return inventory;
  }

  private Repository repository(String name) {
    return repositories.computeIfAbsent(name, n -> new Repository());
  }

  /** Every repository, by name; kept digests by digest, each with its reasons in {@link KeepReason} order. */
  List<RepositoryEntry> entries() {
    List<RepositoryEntry> entries = new ArrayList<>();
    repositories.forEach((name, r) -> {
      List<KeptDigest> keep = new ArrayList<>();
      r.keep.forEach((digest, reasons) -> keep.add(new KeptDigest(digest, List.copyOf(reasons))));
      entries.add(new RepositoryEntry(name, r.serviceExists, r.busy, keep, List.copyOf(r.known)));
    });
    return entries;
  }

  /**
   * Why the collector may not delete {@code image} now; empty when it may. A {@code cache/}
   * repository belongs to the service repository under it: the collector applies the cache rule
   * (keep the latest tag of a service that exists) itself, so only "busy" and "unknown" refuse.
   */
  Optional<String> refusal(ClaimedImage image) {
    if (image.repository().startsWith(CACHE_PREFIX)) {
      Repository service = repositories.get(image.repository().substring(CACHE_PREFIX.length()));
      if (service == null) {
        return Optional.of(UNKNOWN_REPOSITORY);
      }
      return service.busy ? Optional.of(BUSY) : Optional.empty();
    }
    Repository repository = repositories.get(image.repository());
    if (repository == null) {
      return Optional.of(UNKNOWN_REPOSITORY);
    }
    EnumSet<KeepReason> reasons = repository.keep.get(image.digest());
    if (reasons != null) {
      return Optional.of(reasons.iterator().next().wireName());
    }
    if (repository.busy && !repository.known.contains(image.digest())) {
      return Optional.of(BUSY);
    }
    return Optional.empty();
  }
}
