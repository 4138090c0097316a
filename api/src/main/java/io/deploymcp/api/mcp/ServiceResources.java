package io.deploymcp.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.ServiceOperations;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * MCP resources: each service is {@code service://<name>}, read as exactly the JSON get_service
 * returns (the same {@link ServiceOperations#get}, so tenant- and key-restriction-scoped). The
 * template makes any name readable; {@link ServiceResourceRegistry} lists the services and
 * carries subscriptions. A refusal is a JSON-RPC error (resources have no isError results):
 * -32002 for NOT_FOUND, -32602 otherwise, the message starting with the REST code.
 */
@Singleton
public class ServiceResources {
  public static final String SCHEME = "service://";
  static final String MIME_TYPE = "application/json";
  private static final Logger LOG = Logger.getLogger(ServiceResources.class);

  private final ServiceOperations services;
  private final McpCallers callers;
  private final ObjectMapper json;

  public ServiceResources(ServiceOperations services, McpCallers callers, ObjectMapper json) {
    this.services = services;
    this.callers = callers;
    this.json = json;
  }

  @ResourceTemplate(
      name = "service",
      uriTemplate = SCHEME + "{name}",
      mimeType = MIME_TYPE,
      description = "A service as get_service returns it; resources/subscribe for updates.")
  @RunOnVirtualThread
  public TextResourceContents service(String name, RequestUri uri) {
    return read(uri.value());
  }

  /** The service behind {@code uri} as the caller of the current MCP request may see it. */
  TextResourceContents read(String uri) {
    String name = uri.startsWith(SCHEME) ? uri.substring(SCHEME.length()) : uri;
    try {
      return new TextResourceContents(uri, json.writeValueAsString(services.show(callers.current(), name)), MIME_TYPE);
    } catch (ApiProblem p) {
      throw new McpException(
          p.code().name() + ": " + p.getMessage() + " " + p.hint(),
          p.code() == ProblemCode.NOT_FOUND ? JsonRpcErrorCodes.RESOURCE_NOT_FOUND : JsonRpcErrorCodes.INVALID_PARAMS);
    } catch (JsonProcessingException e) {
      LOG.errorf("could not serialize service %s: %s", name, e.getMessage());
      throw new McpException("INTERNAL_ERROR: Internal error", JsonRpcErrorCodes.INTERNAL_ERROR);
    }
  }
}
