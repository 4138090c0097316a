package io.deploymcp.api.deployment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The deployment columns, selected under a prefix so one query can return a service and its
 * latest deployment side by side.
 */
public final class DeploymentRows {
  private DeploymentRows() {}

  /** Select list for table alias {@code d}, each column named {@code <prefix><column>}. */
  public static String columns(String prefix) {
    StringBuilder out = new StringBuilder();
    for (String column :
        new String[] {
          "id", "environment", "status", "trigger", "source_deployment_id", "requested_ref", "commit_sha", "image_ref", "build_skipped",
          "workflow_id",
          "created_at", "cloning_at", "building_at", "deploying_at", "finished_at", "updated_at",
          "error_phase", "error_code", "error_message", "error_log_tail", "error_hint"
        }) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append("d.").append(column).append(" as ").append(prefix).append(column);
    }
    return out.toString();
  }

  /** Reads the deployment under {@code prefix}; null when the row has none (left join). */
  public static DeploymentView read(ResultSet rs, String prefix, String serviceName) throws SQLException {
    UUID id = rs.getObject(prefix + "id", UUID.class);
    if (id == null) {
      return null;
    }
    String code = rs.getString(prefix + "error_code");
    DeploymentErrorView error =
        code == null
            ? null
            : new DeploymentErrorView(
                rs.getString(prefix + "error_phase"),
                code,
                rs.getString(prefix + "error_message"),
                rs.getString(prefix + "error_log_tail"),
                rs.getString(prefix + "error_hint"));
    return new DeploymentView(
        id,
        serviceName,
        rs.getString(prefix + "environment"),
        rs.getString(prefix + "status"),
        rs.getString(prefix + "trigger"),
        rs.getObject(prefix + "source_deployment_id", UUID.class),
        rs.getString(prefix + "requested_ref"),
        rs.getString(prefix + "commit_sha"),
        rs.getString(prefix + "image_ref"),
        rs.getObject(prefix + "build_skipped", Boolean.class),
        rs.getString(prefix + "workflow_id"),
        instant(rs.getTimestamp(prefix + "created_at")),
        instant(rs.getTimestamp(prefix + "cloning_at")),
        instant(rs.getTimestamp(prefix + "building_at")),
        instant(rs.getTimestamp(prefix + "deploying_at")),
        instant(rs.getTimestamp(prefix + "finished_at")),
        instant(rs.getTimestamp(prefix + "updated_at")),
        error);
  }

  static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
