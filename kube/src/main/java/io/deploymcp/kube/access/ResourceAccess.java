package io.deploymcp.kube.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Verbs on one resource of one API group, as one line of a ClusterRole: {@code apiGroup} is
 * {@code ""} for the core group, {@code resource} the plural, with {@code /<subresource>} for a
 * subresource ({@code pods/log}).
 */
public record ResourceAccess(String apiGroup, String resource, Set<Verb> verbs) {

  public ResourceAccess {
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(resource, "resource");
    if (resource.isBlank() || verbs.isEmpty()) {
      throw new IllegalArgumentException("a resource and at least one verb");
    }
    verbs = Collections.unmodifiableSet(EnumSet.copyOf(verbs));
  }

  /** The verbs on a kind of the fabric8 model, its group and plural read from the model class. */
  public static ResourceAccess of(Class<? extends HasMetadata> kind, Verb... verbs) {
    return new ResourceAccess(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), Set.of(verbs));
  }

  /** The verbs on a subresource of a kind, e.g. {@code pods/log}. */
  public static ResourceAccess ofSubresource(
      Class<? extends HasMetadata> kind, String subresource, Verb... verbs) {
    return new ResourceAccess(
        HasMetadata.getGroup(kind), HasMetadata.getPlural(kind) + "/" + subresource, Set.of(verbs));
  }

  /** {@code apps/deployments}, {@code core/pods/log}: how reports name it. */
  public String describe() {
    return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource;
  }
}
