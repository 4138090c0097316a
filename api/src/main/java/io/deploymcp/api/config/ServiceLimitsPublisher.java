package io.deploymcp.api.config;

import io.deploymcp.api.db.Database;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import org.jboss.logging.Logger;

/**
 * Publishes the per-service maximum this API accepts (DP_LIMITS_CPU_MAX, DP_LIMITS_MEMORY_MAX) to
 * {@code published_settings} at every start, so the worker checks its project quotas against the
 * values services are really validated with (worker: {@code ApiServiceLimits}). Every replica
 * writes the same row; the last start wins, as the last configuration does.
 */
@Singleton
public class ServiceLimitsPublisher {
  public static final String NAME = "service_limits";
  private static final Logger LOG = Logger.getLogger(ServiceLimitsPublisher.class);

  private final ApiConfig config;
  private final Database db;

  public ServiceLimitsPublisher(ApiConfig config, Database db) {
    this.config = config;
    this.db = db;
  }

  void onStart(@Observes StartupEvent event) {
    publish();
  }

  void publish() {
    String cpu = config.limits().cpuMax();
    String memory = config.limits().memoryMax();
    db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "insert into published_settings (name, value, published_by) values (?, jsonb_build_object('cpu_max', ?::text,"
              + " 'memory_max', ?::text), 'api') on conflict (name) do update set value = excluded.value,"
              + " published_by = excluded.published_by, updated_at = now()")) {
        ps.setString(1, NAME);
        ps.setString(2, cpu);
        ps.setString(3, memory);
        ps.executeUpdate();
      }
      return null;
    });
    LOG.infof("published the per-service maximum (cpu %s, memory %s) for the worker", cpu, memory);
  }
}
