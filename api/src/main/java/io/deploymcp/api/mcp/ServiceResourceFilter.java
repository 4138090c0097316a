package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.service.ServiceRepository.Identity;
import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.ResourceFilter;
import io.quarkiverse.mcp.server.ResourceManager.ResourceInfo;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which registered service resources a client sees (resources/list, and reads of registered
 * URIs): its own tenant's, within its key's restriction. Whose each URI is comes from
 * {@link ServiceResourceRegistry}; in memory, since the extension asks for every resource of a
 * listing and filters must not block.
 */
@Singleton
public class ServiceResourceFilter implements ResourceFilter {
  private final McpCallers callers;
  private final Map<String, Identity> owners = new ConcurrentHashMap<>();

  public ServiceResourceFilter(McpCallers callers) {
    this.callers = callers;
  }

  void put(String uri, Identity service) {
    owners.put(uri, service);
  }

  void remove(String uri) {
    owners.remove(uri);
  }

  /** The service behind a registered service resource URI. */
  public Optional<Identity> owner(String uri) {
    return Optional.ofNullable(owners.get(uri));
  }

  @Override
  public boolean test(ResourceInfo resource, FilterContext context) {
    return visibleTo(callers.currentOrNull(), resource.uri());
  }

  /** Whether {@code caller} may see {@code uri}; URIs that are no service resource are not ours to refuse. */
  public boolean visibleTo(Caller caller, String uri) {
    Identity service = owners.get(uri);
    if (service == null) {
      return true;
    }
    return caller != null
        && caller.tenantId().equals(service.tenantId())
        && caller.restriction().admits(service.name(), service.project());
  }
}
