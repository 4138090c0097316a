package io.deploymcp.ops.gc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a run would delete and what it keeps, before anything is claimed.
 *
 * @param claims service images to delete once the platform grants them
 * @param cacheDeletions build cache manifests to delete by the cache rule; claimed with the images,
 *     so a build that started since the run opened (the platform's busy, now) keeps them
 * @param kept what stays, with why
 * @param unvouched {@code dp-*} and {@code cache/dp-*} repositories the platform did not list:
 *     left alone, reported
 */
public record GcPlan(List<Candidate> claims, List<Candidate> cacheDeletions, List<Kept> kept, List<String> unvouched) {

  public GcPlan {
    claims = List.copyOf(claims);
    cacheDeletions = List.copyOf(cacheDeletions);
    kept = List.copyOf(kept);
    unvouched = List.copyOf(unvouched);
  }

  /** Why a manifest is deleted. */
  public enum Reason {
    NOT_NEEDED("no deployment needs it any more"),
    UNKNOWN("no deployment recorded it"),
    CACHE_SUPERSEDED("build cache no longer tagged latest"),
    CACHE_OF_DELETED_SERVICE("build cache of a deleted service");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** Why a manifest stays, besides the platform's own reasons. */
  public static final String INDEX_CHILD = "index_child";
  public static final String CACHE_LATEST = "cache_latest";
  public static final String BUILD_IN_FLIGHT = "build_in_flight";

  public record Candidate(ImageDigest image, Set<String> tags, Reason reason) {
    public Candidate {
      tags = Set.copyOf(tags);
    }
  }

  public record Kept(ImageDigest image, Set<String> tags, List<String> reasons) {
    public Kept {
      tags = Set.copyOf(tags);
      reasons = List.copyOf(reasons);
    }
  }

  /** Claimed and cache deletions together. */
  public List<Candidate> allDeletions() {
    List<Candidate> all = new ArrayList<>(claims);
    all.addAll(cacheDeletions);
    return all;
  }
}
