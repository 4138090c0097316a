package io.deploymcp.kubestandin.apiserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the API server's authorizer is asked about a request, derived from its method and path as
 * the API server's {@code RequestInfoFactory} derives it: for a resource request the verb
 * ({@code get} of one object, {@code list} of a collection, {@code watch} with {@code
 * ?watch=true}, {@code create}, {@code update}, {@code patch}, {@code delete}, {@code
 * deletecollection}), the API group ({@code ""} for core), the resource, the subresource and the
 * namespace; for any other path (discovery, {@code /version}) the path itself.
 *
 * @param verb the RBAC verb ({@code get}, {@code list}, ...), for a non-resource request the
 *     lower-case HTTP method
 * @param apiGroup {@code ""} for the core group; null for a non-resource request
 * @param resource e.g. {@code deployments}; null for a non-resource request
 * @param subresource e.g. {@code log}, or {@code ""}
 * @param namespace the namespace, or {@code ""} for a cluster-wide request
 * @param name the object's name, or {@code ""}
 * @param nonResourcePath the path of a non-resource request, else null
 */
public record RequestAttributes(
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String nonResourcePath) {

  /** Subresources of a namespace object, which the path of a namespaced request cannot name. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public boolean isResourceRequest() {
    return nonResourcePath == null;
  }

  /** The same request authorized with another verb (the API server's extra create check). */
  public RequestAttributes withVerb(String otherVerb) {
    return new RequestAttributes(otherVerb, apiGroup, resource, subresource, namespace, name, nonResourcePath);
  }

  public static RequestAttributes of(String method, String pathAndQuery) {
    String path = QueryString.pathOnly(pathAndQuery);
    QueryString query = QueryString.of(pathAndQuery);
    List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList());
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return nonResource(method, path);
    }
    if (parts.isEmpty()) {
      return nonResource(method, path); // group discovery: /api/v1, /apis/apps/v1
    }
    String namespace = "";
    if (parts.get(0).equals("namespaces") && parts.size() > 1) {
      namespace = parts.get(1);
      if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
        parts = parts.subList(2, parts.size());
      }
    }
    String resource = parts.get(0);
    String name = parts.size() > 1 ? parts.get(1) : "";
    String subresource = parts.size() > 2 ? parts.get(2) : "";
    String verb = switch (method) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "get"; // GET, HEAD
    };
    if (name.isEmpty() && verb.equals("get")) {
      verb = query.isTrue("watch") || query.get("watch").filter("1"::equals).isPresent() ? "watch" : "list";
      // A list or watch of one object by field selector is authorized for that name.
      String fieldSelector = query.get("fieldSelector").orElse("");
      if (fieldSelector.startsWith("metadata.name=") && !fieldSelector.contains(",")) {
        name = fieldSelector.substring("metadata.name=".length()).replaceFirst("^=", "");
      }
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(verb, group, resource, subresource, namespace, name, null);
  }

  private static RequestAttributes nonResource(String method, String path) {
    return new RequestAttributes(method.toLowerCase(java.util.Locale.ROOT), null, null, "", "", "", path);
  }
}
