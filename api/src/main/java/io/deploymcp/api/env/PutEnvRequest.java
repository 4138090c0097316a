package io.deploymcp.api.env;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of PUT /v1/services/{name}/env/{KEY}. */
public record PutEnvRequest(
    @Schema(description = "The value; stored encrypted, never returned", required = true) String value,
    @Schema(description = "false: a plain build-time value, passed to the build as a build arg (e.g. NODE_ENV);"
        + " true: a secret, given to the build only as a BuildKit secret. Omitted: a new variable is a secret,"
        + " an existing one keeps its kind") Boolean secret) {

  @Override
  public String toString() {
    return "PutEnvRequest[value=***, secret=" + secret + "]";
  }
}
