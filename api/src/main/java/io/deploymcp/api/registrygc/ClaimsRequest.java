package io.deploymcp.api.registrygc;

import java.util.List;

/** Body of POST /v1/operator/registry-gc/runs/{run_id}/claims. */
public record ClaimsRequest(List<ClaimedImage> digests) {}
