package io.deploymcp.api.registrygc;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads every service of every tenant (deleted ones too) with its deployments, newest first, in
 * one statement: the rows {@link Inventory} decides on. The rollback target is production's
 * previous good deployment exactly as {@code ReleaseRepository.PREVIOUS_GOOD} picks it, for all
 * services at once.
 */
@Singleton
class InventoryReader {
  private static final String ROWS =
      """
      with rollback_target as (
        select distinct on (se.service_id) d.id
          from service_environments se
          join deployments live on live.id = se.live_deployment_id
          join deployments d on d.service_id = se.service_id and d.environment = se.environment
         where se.environment = 'production'
           and d.status = 'running' and d.image_ref is not null
           and d.image_ref <> coalesce(live.image_ref, '')
           and (d.created_at, d.id) < (live.created_at, live.id)
         order by se.service_id, d.created_at desc, d.id desc)
      select s.id as service_id,
             'dp-' || t.name || '-' || p.name || '/' || s.name as repository,
             s.deleted_at is null as service_exists,
             d.id as deployment_id, d.status, d.image_ref,
             exists (select 1 from service_environments se
                      where se.live_deployment_id = d.id and se.environment = 'production') as live_production,
             exists (select 1 from service_environments se
                      where se.live_deployment_id = d.id and se.environment = 'preview') as live_preview,
             exists (select 1 from rollback_target rt where rt.id = d.id) as rollback_target,
             exists (select 1 from registry_gc_pushes gp
                      where gp.deployment_id = d.id and gp.expires_at > now()) as pushing
        from services s
        join projects p on p.id = s.project_id
        join tenants t on t.id = s.tenant_id
        left join deployments d on d.service_id = s.id
       order by s.id, d.created_at desc nulls last, d.id desc
      """;

  List<InventoryRow> read(Connection c) throws SQLException {
    List<InventoryRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(ROWS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new InventoryRow(
                rs.getObject("service_id", UUID.class),
                rs.getString("repository"),
                rs.getBoolean("service_exists"),
                rs.getObject("deployment_id", UUID.class),
                rs.getString("status"),
                rs.getString("image_ref"),
                rs.getBoolean("live_production"),
                rs.getBoolean("live_preview"),
                rs.getBoolean("rollback_target"),
                rs.getBoolean("pushing")));
      }
    }
    return rows;
  }
}
