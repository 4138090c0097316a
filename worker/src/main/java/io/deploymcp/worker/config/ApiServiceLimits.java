package io.deploymcp.worker.config;

import io.deploymcp.kube.settings.LargestService;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The per-service maximum the API published at its start ({@code published_settings},
 * 'service_limits', written by the API's ServiceLimitsPublisher): the values services are really
 * validated with. Empty before any API has started on this database (a fresh install whose worker
 * came up first, or a database the API's migrations have not reached): then the worker's own
 * DP_LIMITS_* stand in, as before.
 */
public final class ApiServiceLimits {
  private static final Logger log = LoggerFactory.getLogger(ApiServiceLimits.class);

  private ApiServiceLimits() {}

  public static Optional<LargestService> read(DataSource dataSource) {
    try {
      List<LargestService> rows = new JdbcTemplate(dataSource).query(
          "select value ->> 'cpu_max', value ->> 'memory_max' from published_settings where name = 'service_limits'",
          (rs, n) -> new LargestService(rs.getString(1), rs.getString(2)));
      return rows.stream().findFirst();
    } catch (DataAccessException | IllegalArgumentException e) {
      log.warn("the API's per-service maximum is not readable ({}); checking quotas against DP_LIMITS_* of this worker",
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
