package io.deploymcp.api.apikey;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/api-keys. */
public record CreateApiKeyRequest(
    @Schema(description = "What the key is for, e.g. ci", examples = "ci") String name,
    @Schema(description = "read, deploy and/or admin; deploy includes read, admin includes both",
        defaultValue = "[\"read\", \"deploy\"]") List<String> scopes,
    @Schema(description = "When the key stops working; never when absent") Instant expiresAt,
    @Schema(description = "Restrict the key to these services (1-100 service names; they need not exist yet);"
        + " every service when absent", examples = "[\"cool-api\"]") List<String> services,
    @Schema(description = "Restrict the key to the services of this existing project; every project when absent",
        examples = "default") String project) {

  public CreateApiKeyRequest(String name, List<String> scopes, Instant expiresAt) {
    this(name, scopes, expiresAt, null, null);
  }
}
