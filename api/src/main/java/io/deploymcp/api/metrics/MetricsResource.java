package io.deploymcp.api.metrics;

import io.deploymcp.api.auth.CallerContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** /v1/services/{name}/metrics: a thin adapter over {@link MetricsOperations}. */
@Path("/v1/services/{name}/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class MetricsResource {
  private final MetricsOperations operations;
  private final CallerContext caller;

  public MetricsResource(MetricsOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @GET
  @Operation(
      summary = "Read a service's CPU, memory, restarts and HTTP figures",
      description = "From Prometheus (PROMETHEUS_URL): CPU cores used over the window and the pods' CPU limit,"
          + " memory working set and limit, container restarts in the window (cAdvisor, kube-state-metrics);"
          + " requests per second, the share answered 5xx and latency p50/p95/p99 at the ingress (Traefik)."
          + " A figure is null when there is no series for it. 503 METRICS_NOT_CONFIGURED without PROMETHEUS_URL,"
          + " 503 METRICS_UNAVAILABLE when Prometheus does not answer, 400 INVALID_WINDOW for another window.")
  public ServiceMetricsView read(
      @RestPath String name,
      @Parameter(description = "production (default) or preview",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"production", "preview"}, defaultValue = "production"))
          @RestQuery String environment,
      @Parameter(description = "The window rates and restarts cover",
          schema = @Schema(type = SchemaType.STRING,
              enumeration = {"5m", "15m", "30m", "1h", "3h", "6h", "12h", "24h"}, defaultValue = "15m"))
          @RestQuery String window) {
    return operations.read(caller.get(), name, environment, window);
  }
}
