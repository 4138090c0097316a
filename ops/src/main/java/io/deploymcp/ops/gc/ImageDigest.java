package io.deploymcp.ops.gc;

/**
 * One manifest in the registry: a repository path (without the registry host, as
 * {@code /v2/_catalog} lists it) and the manifest's digest.
 */
public record ImageDigest(String repository, String digest) implements Comparable<ImageDigest> {

  public ImageDigest {
    if (!RepositoryNames.isServiceRepository(repository) && !RepositoryNames.isCacheRepository(repository)) {
      throw new IllegalArgumentException("'" + repository + "' is not a service or cache repository (dp-<tenant>-<project>/<service>)");
    }
    if (!RepositoryNames.isDigest(digest)) {
      throw new IllegalArgumentException("'" + digest + "' is not a sha256 digest");
    }
  }

  @Override
  public int compareTo(ImageDigest other) {
    int byRepository = repository.compareTo(other.repository);
    return byRepository != 0 ? byRepository : digest.compareTo(other.digest);
  }

  @Override
  public String toString() {
    return repository + "@" + digest;
  }
}
