package io.deploymcp.api.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Answer of PATCH /v1/services/{name}: the updated service and how to apply the change. */
public record UpdatedService(@JsonUnwrapped ServiceView service, String hint) {}
