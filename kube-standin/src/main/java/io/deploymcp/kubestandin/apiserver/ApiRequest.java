package io.deploymcp.kubestandin.apiserver;

import java.time.Instant;

/**
 * One request the stand-in API server answered, for counting API calls (issue 5's "number of
 * API calls per deploy"). {@code userAgent} tells the platform's calls from the kubelet
 * stand-in's ({@code kube-standin-kubelet}).
 */
public record ApiRequest(Instant at, String method, String path, String contentType, String userAgent) {

  /** True for a server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}). */
  public boolean isApply() {
    return "PATCH".equals(method) && contentType != null && contentType.startsWith(StandInDispatcher.APPLY_PATCH);
  }
}
