package io.deploymcp.kubestandin.apiserver;

import java.time.Instant;
import java.util.List;

/**
 * One request the stand-in API server answered, for counting API calls (issue 5's "number of
 * API calls per deploy") and for checking RBAC grants against what the platform really calls.
 * {@code userAgent} tells the platform's calls ({@code deploy-mcp-worker/…}, {@code
 * deploy-mcp-api/…}) from the kubelet stand-in's ({@code kube-standin-kubelet}).
 *
 * @param status the HTTP status of the answer (101 for a watch upgraded to a websocket)
 */
public record ApiRequest(
    Instant at, String method, String path, String contentType, String userAgent, int status) {

  /** True for a server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}). */
  public boolean isApply() {
    return "PATCH".equals(method) && contentType != null && contentType.startsWith(StandInDispatcher.APPLY_PATCH);
  }

  /** The request as the authorizer sees it (verb, group, resource, subresource, namespace). */
  public RequestAttributes attributes() {
    return RequestAttributes.of(method, path);
  }

  /**
   * Every authorization the API server makes for this request: its own, plus {@code create} when
   * a {@code PATCH} or {@code PUT} created the object (the API server checks that the caller may
   * create before an apply or an update creates, so a server-side apply of a new object needs
   * both patch and create).
   */
  public List<RequestAttributes> authorizations() {
    RequestAttributes own = attributes();
    if (status == 201 && own.isResourceRequest() && (own.verb().equals("patch") || own.verb().equals("update"))) {
      return List.of(own, own.withVerb("create"));
    }
    return List.of(own);
  }
}
