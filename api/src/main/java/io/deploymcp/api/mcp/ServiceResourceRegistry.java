package io.deploymcp.api.mcp;

import io.deploymcp.api.service.ServiceRepository.Identity;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceManager.ResourceInfo;
import io.quarkiverse.mcp.server.ResourceResponse;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The live services as registered MCP resources, so that resources/list shows them and
 * resources/subscribe accepts them (the extension subscribes only registered URIs), kept in step
 * with the database by {@link ServiceChangeListener}. Every API process holds all live services;
 * {@link ServiceResourceFilter} shows each client only its own tenant's services within its
 * key's restriction (reads are scoped again by the application service). Its own update
 * notifications reach only sessions of the extension's legacy SSE transport; Streamable HTTP
 * sessions hear of changes through their shared event streams (migration V6,
 * {@code mcp.session.McpEventStreams}), on whichever replica holds them.
 */
@Singleton
public class ServiceResourceRegistry {
  private static final Logger LOG = Logger.getLogger(ServiceResourceRegistry.class);

  private final ResourceManager resources;
  private final ServiceResources reader;
  private final ServiceResourceFilter filter;
  private final Map<UUID, Entry> byId = new ConcurrentHashMap<>();
  private final Map<String, Entry> byUri = new ConcurrentHashMap<>();

  private record Entry(Identity service, String uri, ResourceInfo info) {}

  public ServiceResourceRegistry(ResourceManager resources, ServiceResources reader, ServiceResourceFilter filter) {
    this.resources = resources;
    this.reader = reader;
    this.filter = filter;
  }

  public static String uri(String serviceName) {
    return ServiceResources.SCHEME + serviceName;
  }

  /**
   * Something about this service changed (row, deployment, env, live deployment): subscribers
   * are told, a new service is registered, a deleted one told and removed.
   */
  public synchronized void changed(UUID serviceId, Optional<Identity> now) {
    Entry known = byId.get(serviceId);
    if (now.isEmpty() || now.get().deleted()) {
      if (known != null) {
        known.info().sendUpdateAndForget();
        remove(known);
      }
      return;
    }
    if (known == null) {
      known = register(now.get());
    }
    if (known != null) {
      known.info().sendUpdateAndForget();
    }
  }

  /**
   * Makes the registry hold exactly {@code live}; with {@code notifyAll} (after notifications
   * may have been missed) every remaining subscriber is told to read again.
   */
  public synchronized void sync(List<Identity> live, boolean notifyAll) {
    Set<UUID> ids = new HashSet<>();
    for (Identity service : live) {
      ids.add(service.id());
      if (!byId.containsKey(service.id())) {
        register(service);
      }
    }
    for (Entry entry : List.copyOf(byId.values())) {
      if (!ids.contains(entry.service().id())) {
        entry.info().sendUpdateAndForget();
        remove(entry);
      } else if (notifyAll) {
        entry.info().sendUpdateAndForget();
      }
    }
  }

  /** How many services are registered (for tests and logs). */
  public int size() {
    return byId.size();
  }

  private Entry register(Identity service) {
    String uri = uri(service.name());
    Entry previous = byUri.get(uri);
    if (previous != null) {
      // Names are unique among live services: the holder was deleted and its event is still on the way.
      previous.info().sendUpdateAndForget();
      remove(previous);
    }
    try {
      ResourceInfo info =
          resources
              .newResource(service.name())
              .setUri(uri)
              .setTitle(service.name())
              .setMimeType(ServiceResources.MIME_TYPE)
              .setDescription("Service " + service.name() + " (get_service JSON)")
              .setHandler(args -> new ResourceResponse(List.of(reader.read(args.requestUri().value()))), true)
              .register();
      filter.put(uri, service);
      Entry entry = new Entry(service, uri, info);
      byId.put(service.id(), entry);
      byUri.put(uri, entry);
      return entry;
    } catch (IllegalArgumentException e) {
      LOG.warnf("could not register resource %s: %s", uri, e.getMessage());
      return null;
    }
  }

  private void remove(Entry entry) {
    byId.remove(entry.service().id());
    byUri.remove(entry.uri(), entry);
    resources.removeResource(entry.uri());
    filter.remove(entry.uri());
  }
}
