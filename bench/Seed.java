import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Waits until no deployment is active (so the worker is idle during the read benchmark), then
 * runs bench/seed-services.sql over JDBC (no psql needed).
 * java -cp <postgresql.jar> bench/Seed.java <jdbc-url> <user> [count=10000]
 */
public class Seed {
  public static void main(String[] args) throws Exception {
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 10000;
    String sql = Files.readString(Path.of("bench/seed-services.sql")).replace(":count", Integer.toString(count));
    try (Connection c = DriverManager.getConnection(args[0], args[1], "")) {
      long began = System.nanoTime();
      long active;
      while ((active = count(c, "select count(*) from deployments where status in ('queued','cloning','building','deploying')")) > 0) {
        Thread.sleep(500);
      }
      System.out.printf("deployments active: 0 after %.1f s wait; by status: %s%n",
          (System.nanoTime() - began) / 1e9, statuses(c));
      try (var s = c.createStatement()) {
        int inserted = s.executeUpdate(sql);
        System.out.println("seeded " + inserted + " services; "
            + count(c, "select count(*) from services where deleted_at is null") + " live services in total");
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String statuses(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (var s = c.createStatement();
        var rs = s.executeQuery("select status, coalesce(error_code, '-'), count(*) from deployments group by 1, 2 order by 1")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('/').append(rs.getString(2)).append('=').append(rs.getLong(3)).append(' ');
      }
    }
    return out.toString().strip();
  }
}
