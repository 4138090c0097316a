package io.deploymcp.api.registrygc;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.store.registrygc.CollectedImages;
import io.deploymcp.store.registrygc.ImageDigestRef;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A publish or rollback must not deploy an image registry garbage collection deleted: it is
 * refused with 409 IMAGE_COLLECTED, whose hint is to deploy the commit again (which builds the
 * image anew). Refusing rather than rebuilding keeps a release what it promises — exactly the
 * image that ran — and leaves the choice of a rebuild to the caller.
 */
@Singleton
public class CollectedImageRule {
  private final Database db;

  public CollectedImageRule(Database db) {
    this.db = db;
  }

  /** The check of a plan (dry run): reads without the lock. */
  public void requireAvailable(DeploymentView source, String serviceName) {
    Optional<ImageDigestRef> image = ImageDigestRef.parse(source.imageRef());
    if (image.isPresent() && db.read(c -> CollectedImages.isCollected(c, image.get()))) {
      throw collected(source, serviceName);
    }
  }

  /**
   * The check in the launch's own transaction, before its insert: takes the claims lock shared,
   * so no claim of this image is granted between this read and the commit.
   */
  public void requireAvailable(Connection c, DeploymentView source, String serviceName) throws SQLException {
    Optional<ImageDigestRef> image = ImageDigestRef.parse(source.imageRef());
    if (image.isEmpty()) {
      return;
    }
    CollectedImages.lockForUse(c);
    if (CollectedImages.isCollected(c, image.get())) {
      throw collected(source, serviceName);
    }
  }

  private static ApiProblem collected(DeploymentView source, String serviceName) {
    String commit = source.commitSha() != null ? source.commitSha() : source.requestedRef();
    return new ApiProblem(
        ProblemCode.IMAGE_COLLECTED,
        "The image of deployment " + source.id() + " (" + source.imageRef()
            + ") was deleted from the registry by garbage collection",
        "Deploy its commit again: POST /v1/services/" + serviceName + "/deploys with {\"commit\": \"" + commit
            + "\"}; it builds the image anew.");
  }
}
