package io.deploymcp.kube.manifest;

import io.deploymcp.kube.naming.KubeNames;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Label and annotation keys of the platform's objects, and the label sets. Maps are sorted by
 * key so a generated object always serializes the same way.
 */
public final class Labels {
  /** The seed's selector label: the workload name ({@code <service>} or {@code preview-<service>}). */
  public static final String APP = "app";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** The value of {@link #MANAGED_BY} on everything the platform creates. */
  public static final String MANAGER = "deploy-mcp";

  /** Prefix of the platform's own keys (the seed's {@code dp.ml.ink/}). */
  public static final String PREFIX = "dp.ml.ink/";
  public static final String TENANT = PREFIX + "tenant";
  public static final String PROJECT = PREFIX + "project";
  public static final String SERVICE = PREFIX + "service";
  public static final String ENVIRONMENT = PREFIX + "environment";
  /** On pods only (not in any selector): which deployment row a pod belongs to. */
  public static final String DEPLOYMENT_ID = PREFIX + "deployment-id";

  /** Annotation: the deployment row the object was last applied for. */
  public static final String ANNOTATION_DEPLOYMENT_ID = PREFIX + "deployment-id";
  /** Annotation: the commit the image was built from. */
  public static final String ANNOTATION_COMMIT = PREFIX + "commit";

  public static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";
  public static final String PSA_ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";
  public static final String PSA_WARN = "pod-security.kubernetes.io/warn";
  public static final String PSA_WARN_VERSION = "pod-security.kubernetes.io/warn-version";
  public static final String PSA_AUDIT = "pod-security.kubernetes.io/audit";
  public static final String PSA_AUDIT_VERSION = "pod-security.kubernetes.io/audit-version";

  /** The immutable label the API server puts on every namespace. */
  public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private Labels() {}

  /** Ownership labels of a project's objects: managed-by, tenant, project. */
  public static SortedMap<String, String> project(ProjectRef project) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put(TENANT, KubeNames.labelValue(project.tenant()));
    labels.put(PROJECT, KubeNames.labelValue(project.project()));
    return Collections.unmodifiableSortedMap(labels);
  }

  /** Labels of a service's objects in one environment (Secret, workload, Service, Ingress). */
  public static SortedMap<String, String> service(ServiceDeploymentSpec spec) {
    ServiceObjectNames names = ServiceObjectNames.of(spec);
    TreeMap<String, String> labels = new TreeMap<>(project(spec.project()));
    labels.put(APP, names.workload());
    labels.put(NAME, spec.service());
    labels.put(INSTANCE, names.workload());
    labels.put(COMPONENT, spec.kind().wireName());
    labels.put(SERVICE, spec.service());
    labels.put(ENVIRONMENT, spec.environment().wireName());
    return Collections.unmodifiableSortedMap(labels);
  }

  /** Labels of the pods: the service's plus the deployment id, so a watch can pick this rollout's pods. */
  public static SortedMap<String, String> pod(ServiceDeploymentSpec spec) {
    TreeMap<String, String> labels = new TreeMap<>(service(spec));
    labels.put(DEPLOYMENT_ID, spec.deploymentId());
    return Collections.unmodifiableSortedMap(labels);
  }

  /**
   * The selector of a workload's pods: {@code app: <workload>} only. A Deployment's selector
   * cannot change after creation, so it holds nothing that varies between deployments.
   */
  public static SortedMap<String, String> selector(ServiceObjectNames names) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(APP, names.workload())));
  }

  /** Annotations naming the deployment and the commit. */
  public static SortedMap<String, String> annotations(ServiceDeploymentSpec spec) {
    TreeMap<String, String> annotations = new TreeMap<>();
    annotations.put(ANNOTATION_DEPLOYMENT_ID, spec.deploymentId());
    spec.commit().ifPresent(commit -> annotations.put(ANNOTATION_COMMIT, commit));
    return Collections.unmodifiableSortedMap(annotations);
  }

  /**
   * A label selector for every object of one service in both environments, e.g. for a delete:
   * {@code app.kubernetes.io/managed-by=deploy-mcp,dp.ml.ink/service=<service>}.
   */
  public static String serviceSelector(String service) {
    return MANAGED_BY + "=" + MANAGER + "," + SERVICE + "=" + service;
  }
}
