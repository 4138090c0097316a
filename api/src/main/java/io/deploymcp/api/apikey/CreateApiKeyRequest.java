package io.deploymcp.api.apikey;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST /v1/api-keys. */
public record CreateApiKeyRequest(
    @Schema(description = "What the key is for, e.g. ci", examples = "ci") String name,
    @Schema(description = "read, deploy and/or admin; deploy includes read, admin includes both",
        defaultValue = "[\"read\", \"deploy\"]") List<String> scopes,
    @Schema(description = "When the key stops working; never when absent") Instant expiresAt) {}
