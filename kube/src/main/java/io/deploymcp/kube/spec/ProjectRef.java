package io.deploymcp.kube.spec;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.KubeNames;

/**
 * A tenant's project, which is one namespace. Names are taken as stored (the API validates
 * them); whatever they are, {@link #namespace()} is a valid namespace name that no other
 * (tenant, project) pair maps to.
 */
public record ProjectRef(String tenant, String project) {
  public ProjectRef {
    if (tenant == null || tenant.isBlank()) {
      throw new InvalidKubeInputException("tenant", "is required");
    }
    if (project == null || project.isBlank()) {
      throw new InvalidKubeInputException("project", "is required");
    }
  }

  /** {@code dp-<tenant>-<project>}, or its hashed form (see {@link KubeNames#namespace}). */
  public String namespace() {
    return KubeNames.namespace(tenant, project);
  }
}
