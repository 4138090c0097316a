package io.deploymcp.checkout;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to check out and where.
 *
 * @param repo the repository URL (https, or http/file where the caller allows them); never
 *     with credentials in it — pass {@code auth} instead
 * @param ref a branch name, a full ref name ({@code refs/heads/...}, {@code refs/tags/...}), a
 *     tag name (tried after the branch of that name) or a full 40-character commit sha
 * @param rootDir the build context inside the repository, relative, {@code ""} for the root
 * @param auth credentials for the repository's host, if it needs any
 * @param workspaceRoot the directory that holds all workspaces of this worker
 * @param workspaceName this checkout's directory under {@code workspaceRoot} (the deployment
 *     id): letters, digits, {@code . _ -}
 */
public record CheckoutRequest(
    URI repo,
    String ref,
    String rootDir,
    Optional<GitAuth> auth,
    Path workspaceRoot,
    String workspaceName,
    CheckoutLimits limits) {
  private static final Pattern WORKSPACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public CheckoutRequest {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(workspaceRoot, "workspaceRoot");
    Objects.requireNonNull(workspaceName, "workspaceName");
    Objects.requireNonNull(limits, "limits");
    rootDir = rootDir == null ? "" : rootDir;
    if (repo.getScheme() == null) {
      throw new IllegalArgumentException("the repository URL has no scheme");
    }
    if (repo.getRawUserInfo() != null) {
      // The URL is not repeated: it carries a secret.
      throw new IllegalArgumentException(
          "the repository URL carries credentials; pass them as GitAuth instead");
    }
    if (ref.isBlank()) {
      throw new IllegalArgumentException("the ref is empty");
    }
    if (!WORKSPACE_NAME.matcher(workspaceName).matches()) {
      throw new IllegalArgumentException(
          "workspace name '" + workspaceName + "' is not a plain directory name");
    }
  }

  /** The workspace directory this request checks out into. */
  public Path workspace() {
    return Workspaces.pathFor(workspaceRoot, workspaceName);
  }
}
