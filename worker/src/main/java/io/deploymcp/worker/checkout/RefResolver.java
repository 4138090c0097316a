package io.deploymcp.worker.checkout;

import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.workflows.FailureCodes;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * Turns the ref a deploy asked for (a branch, a tag, a full ref name or a full commit sha)
 * into a commit, using the refs the remote advertised.
 */
public final class RefResolver {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
  private static final int LISTED_BRANCHES = 10;

  private RefResolver() {}

  public static String resolve(String requested, Collection<Ref> advertised) {
    Map<String, String> commits = new TreeMap<>();
    for (Ref ref : advertised) {
      ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
      if (id != null) {
        commits.put(ref.getName(), id.name());
      }
    }
    for (String candidate :
        new String[] {requested, "refs/heads/" + requested, "refs/tags/" + requested}) {
      String sha = commits.get(candidate);
      if (sha != null) {
        return sha;
      }
    }
    if (FULL_SHA.matcher(requested).matches()) {
      // A commit needs no ref; the clone (issue 4) fails with BRANCH_NOT_FOUND if it is absent.
      return requested;
    }
    throw ActivityFailures.permanent(
        FailureCodes.BRANCH_NOT_FOUND,
        "the repository has no branch or tag named '" + requested + "'",
        hintFor(commits));
  }

  private static String hintFor(Map<String, String> commits) {
    String branches =
        commits.keySet().stream()
            .filter(name -> name.startsWith("refs/heads/"))
            .map(name -> name.substring("refs/heads/".length()))
            .limit(LISTED_BRANCHES)
            .collect(Collectors.joining(", "));
    if (branches.isEmpty()) {
      return "The repository has no branches yet: push a commit, then deploy again.";
    }
    return "Push that branch, or deploy one that exists (e.g. "
        + branches
        + "), or pass a full 40-character commit sha.";
  }
}
