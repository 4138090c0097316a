import io.deploymcp.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Issue 11: what the shared MCP state costs each request, as the database work the API adds:
 * the session lookup of McpSessionFilter (find + the touch that writes at most once a minute) and
 * the shared rate-limit bucket (dp_rate_limit_take), next to the API-key lookup every request
 * already made. One connection over loopback to the embedded PostgreSQL, migrated with the
 * store's migrations. Usage (bench/mcp-sessions.sh): java -cp <api test classpath>
 * bench/McpSessionBench.java [rounds] [warmup].
 */
public class McpSessionBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary()) {
      Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), "").locations("classpath:db/migration").load().migrate();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        byte[] hash = new byte[32];
        hash[0] = 7;
        String session = "s".repeat(32);
        exec(c, "insert into tenants (id, name) values ('" + tenant + "', 'bench')");
        exec(c, "insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes) values ('" + key + "', '"
            + tenant + "', 'bench', 'dpk_bench', decode(repeat('07', 1) || repeat('00', 31), 'hex'), '{read}')");
        exec(c, "insert into mcp_sessions (id, api_key_id, tenant_id, protocol_version, client_name, client_version)"
            + " values ('" + session + "', '" + key + "', '" + tenant + "', '2025-11-25', 'bench', '1')");
        PreparedStatement keyLookup = c.prepareStatement(
            "select k.id, k.tenant_id, t.name, k.prefix, k.name, k.scopes, k.services, k.project, k.expires_at, k.revoked_at"
                + " from api_keys k join tenants t on t.id = k.tenant_id where k.key_hash = ?");
        keyLookup.setBytes(1, hash);
        PreparedStatement find = c.prepareStatement(
            "select id, api_key_id, tenant_id, protocol_version, client_name, client_version, last_used_at"
                + " from mcp_sessions where id = ?");
        find.setString(1, session);
        PreparedStatement touch = c.prepareStatement(
            "update mcp_sessions set last_used_at = now() where id = ? and last_used_at < now() - make_interval(secs => ?)");
        touch.setString(1, session);
        touch.setLong(2, 60);
        PreparedStatement take = c.prepareStatement("select dp_rate_limit_take(?, ?, ?)");
        take.setObject(1, key);
        take.setDouble(2, 1e9);
        take.setDouble(3, 1e9);

        System.out.printf("== %,d rounds each after %,d warm-up, one connection, loopback, PostgreSQL embedded%n",
            rounds, warmup);
        System.out.println("| statement(s) per request | p50 | p90 | p99 | mean |");
        System.out.println("| --- | --- | --- | --- | --- |");
        report("API-key lookup (every request, before and after)", time(rounds, warmup, () -> query(keyLookup)));
        report("session lookup: find + touch (McpSessionFilter)", time(rounds, warmup, () -> {
          query(find);
          touch.executeUpdate();
        }));
        report("shared rate limit: dp_rate_limit_take", time(rounds, warmup, () -> query(take)));
      }
    }
  }

  interface Work {
    void run() throws Exception;
  }

  static void exec(Connection c, String sql) throws Exception {
    try (var st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static void query(PreparedStatement st) throws Exception {
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  static long[] time(int rounds, int warmup, Work work) throws Exception {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    long[] nanos = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      work.run();
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  static void report(String what, long[] sorted) {
    double mean = Arrays.stream(sorted).average().orElse(0);
    System.out.printf("| %s | %s | %s | %s | %s |%n", what, ms(sorted[sorted.length / 2]),
        ms(sorted[(int) (sorted.length * 0.9)]), ms(sorted[(int) (sorted.length * 0.99)]), ms((long) mean));
  }

  static String ms(long nanos) {
    return String.format("%.3f ms", nanos / 1e6);
  }
}
