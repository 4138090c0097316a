package io.deploymcp.ops.gc;

import io.deploymcp.ops.gc.GcPlan.Candidate;
import io.deploymcp.ops.gc.GcPlan.Kept;
import io.deploymcp.ops.gc.GcPlan.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's decision, as a pure function of the platform's run and the registry's contents
 * (docs/registry-gc.md, "Collector"):
 *
 * <ul>
 *   <li>service repository {@code dp-*}/svc the platform lists: delete every manifest it does not
 *       keep; where it is {@code busy}, only the ones it {@code known}s (an unknown one may be the
 *       push of the build in flight);
 *   <li>its cache {@code cache/dp-*}/svc: keep the manifest {@code latest} points at, delete the
 *       rest; all of it when the service no longer exists; nothing while the service is busy;
 *   <li>a manifest an index names stays with the index;
 *   <li>a {@code dp-*} repository the platform does not list (nor the service of a cache
 *       repository): untouched, reported.
 * </ul>
 */
public final class GcPlanner {
  private final IndexChildren children;

  public GcPlanner(IndexChildren children) {
    this.children = children;
  }

  public GcPlan plan(GcRun run, Map<String, RepositoryContents> registry) {
    List<Candidate> claims = new ArrayList<>();
    List<Candidate> cache = new ArrayList<>();
    List<Kept> kept = new ArrayList<>();
    List<String> unvouched = new ArrayList<>();
    for (RepositoryContents contents : registry.values()) {
      String repository = contents.repository();
      boolean isCache = RepositoryNames.isCacheRepository(repository);
      String service = isCache ? RepositoryNames.serviceOfCache(repository).orElseThrow() : repository;
      Optional<RepositoryPolicy> policy = run.policy(service);
      if (policy.isEmpty()) {
        unvouched.add(repository);
        continue;
      }
      Map<String, List<String>> keep = isCache ? cacheKeep(contents, policy.get()) : serviceKeep(contents, policy.get());
      for (String digest : contents.digests()) {
        ImageDigest image = new ImageDigest(repository, digest);
        List<String> reasons = keep.get(digest);
        if (reasons != null) {
          kept.add(new Kept(image, contents.tagsOf(digest), reasons));
        } else if (isCache) {
          Reason why = policy.get().serviceExists() ? Reason.CACHE_SUPERSEDED : Reason.CACHE_OF_DELETED_SERVICE;
          cache.add(new Candidate(image, contents.tagsOf(digest), why));
        } else {
          Reason why = policy.get().known().contains(digest) ? Reason.NOT_NEEDED : Reason.UNKNOWN;
          claims.add(new Candidate(image, contents.tagsOf(digest), why));
        }
      }
    }
    return new GcPlan(claims, cache, kept, unvouched);
  }

  /** The platform's keep, the children of kept indexes, and while busy every digest it does not know. */
  private Map<String, List<String>> serviceKeep(RepositoryContents contents, RepositoryPolicy policy) {
    Map<String, List<String>> keep = new LinkedHashMap<>();
    policy.keep().forEach((digest, reasons) -> {
      if (contents.digests().contains(digest)) {
        keep.put(digest, reasons);
      }
    });
    if (policy.busy()) {
      for (String digest : contents.digests()) {
        if (!policy.known().contains(digest)) {
          keep.putIfAbsent(digest, List.of(GcPlan.BUILD_IN_FLIGHT));
        }
      }
    }
    return withChildren(contents, keep);
  }

  private Map<String, List<String>> cacheKeep(RepositoryContents contents, RepositoryPolicy policy) {
    Map<String, List<String>> keep = new LinkedHashMap<>();
    if (policy.busy()) {
      // A build of this service may be pushing its cache right now: leave the cache be tonight.
      contents.digests().forEach(digest -> keep.put(digest, List.of(GcPlan.BUILD_IN_FLIGHT)));
      return keep;
    }
    if (policy.serviceExists()) {
      contents.tagsByDigest().forEach((digest, tags) -> {
        if (tags.contains("latest")) {
          keep.put(digest, List.of(GcPlan.CACHE_LATEST));
        }
      });
    }
    return withChildren(contents, keep);
  }

  /** Adds, transitively, every manifest of the repository a kept index names. */
  private Map<String, List<String>> withChildren(RepositoryContents contents, Map<String, List<String>> keep) {
    Deque<String> pending = new ArrayDeque<>(keep.keySet());
    while (!pending.isEmpty()) {
      String digest = pending.pop();
      for (String child : children.of(contents.repository(), digest)) {
        if (contents.digests().contains(child) && !keep.containsKey(child)) {
          keep.put(child, List.of(GcPlan.INDEX_CHILD));
          pending.push(child);
        }
      }
    }
    return keep;
  }
}
