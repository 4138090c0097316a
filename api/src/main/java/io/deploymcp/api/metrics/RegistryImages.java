package io.deploymcp.api.metrics;

import io.deploymcp.api.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * {@code dp_registry_images}: the images the platform's deployments point at that the registry
 * still holds — distinct {@code image_ref} digests not granted to a registry GC run for deletion
 * ({@code registry_gc_collected}). The registry exports no count of what it stores (its metrics
 * count requests), so the registry dashboard's image count comes from here. Base images and
 * anything pushed by hand are not counted. Read on a scrape at most once per {@link #TTL}: the
 * distinct count reads every deployment that has an image.
 */
@Startup
@Singleton
public class RegistryImages {
  static final Duration TTL = Duration.ofSeconds(60);
  private static final Logger LOG = Logger.getLogger(RegistryImages.class);
  static final String COUNT =
      "select count(distinct d.image_ref) from deployments d where d.image_ref is not null and not exists ("
          + " select 1 from registry_gc_collected c where c.digest = split_part(d.image_ref, '@', 2)"
          + " and split_part(d.image_ref, '@', 1) like '%/' || c.repository)";

  private final Database db;
  private final LongSupplier nanoTime;
  private long readAt;
  private double figure = Double.NaN;

  public RegistryImages(Database db, MeterRegistry metrics) {
    this(db, metrics, System::nanoTime);
  }

  RegistryImages(Database db, MeterRegistry metrics, LongSupplier nanoTime) {
    this.db = db;
    this.nanoTime = nanoTime;
    Gauge.builder("dp.registry.images", this, RegistryImages::figure)
        .description("Images deployments point at that registry GC has not collected (distinct digests)")
        .register(metrics);
  }

  /** The cached count; NaN (no sample) when the database could not be read. */
  synchronized double figure() {
    long now = nanoTime.getAsLong();
    if (readAt == 0 || now - readAt >= TTL.toNanos()) {
      readAt = now;
      try {
        figure = db.read(c -> {
          try (PreparedStatement st = c.prepareStatement(COUNT); ResultSet rs = st.executeQuery()) {
            rs.next();
            return (double) rs.getLong(1);
          }
        });
      } catch (RuntimeException e) {
        LOG.debugf("dp_registry_images not read: %s", e.toString());
        figure = Double.NaN;
      }
    }
    return figure;
  }
}
