package io.deploymcp.api.http;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI document header: every /v1 route takes an API key as a bearer token. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Deploy MCP API",
            version = "1",
            description =
                "Deploy git repositories as services. Field names are snake_case and match the MCP tools."
                    + " Errors are RFC 9457 application/problem+json with a stable `code` and a `hint`."
                    + " Every POST/PUT/PATCH/DELETE takes an Idempotency-Key header."),
    security = @SecurityRequirement(name = "api_key"))
@SecurityScheme(
    securitySchemeName = "api_key",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "Authorization: Bearer <api key> (dpk_...)")
public class ApiDefinition extends Application {}
