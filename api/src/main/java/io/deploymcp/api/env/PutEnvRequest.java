package io.deploymcp.api.env;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of PUT /v1/services/{name}/env/{KEY}. */
public record PutEnvRequest(
    @Schema(description = "The value; stored encrypted, never returned", required = true) String value) {

  @Override
  public String toString() {
    return "PutEnvRequest[value=***]";
  }
}
