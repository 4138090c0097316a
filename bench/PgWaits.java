import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples pg_stat_activity every 50 ms for a while and prints what the busy backends waited on,
 * by wait event and statement, most samples first (docs/benchmarks.md §(m): lock and WAL-flush
 * waits show here however noisy the machine's CPU is).
 * java -cp <postgresql.jar> bench/PgWaits.java <jdbc-url> <user> <seconds>
 */
public class PgWaits {
  public static void main(String[] args) throws Exception {
    long until = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
    Map<String, Integer> counts = new TreeMap<>();
    int samples = 0;
    try (Connection c = DriverManager.getConnection(args[0], args[1], "")) {
      while (System.currentTimeMillis() < until) {
        samples++;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(
                "select coalesce(wait_event_type, 'CPU') || '/' || coalesce(wait_event, '-'),"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 60)"
                    + " from pg_stat_activity where state <> 'idle' and pid <> pg_backend_pid()"
                    + " and backend_type = 'client backend'")) {
          while (rs.next()) {
            counts.merge(rs.getString(1) + " | " + rs.getString(2), 1, Integer::sum);
          }
        }
        Thread.sleep(50);
      }
    }
    PrintWriter out = new PrintWriter(System.out, true);
    out.println("database waits: " + samples + " samples of the busy backends");
    counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(8)
        .forEach(e -> out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
  }
}
