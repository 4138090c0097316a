import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build-log read benchmark's two halves (bench/logs.sh):
 *
 * <p>{@code seed <jdbc> <user> <deployment> <lines>}: writes a build log of that many lines
 * straight into {@code deployment_logs}, as the worker's log store does (seq 1..n, type build,
 * timestamps over about 3 minutes, BuildKit-like lines of 20 to ~400 characters, stdout/stderr/step
 * streams, about 0.3% error and 1% warn lines, no secrets). Where the table has the {@code level}
 * column (log filters) it is filled as the writer fills it: by the store's {@code LogLevel} when
 * the store module is on the classpath, else error/warn for those lines and null for the rest.
 *
 * <p>{@code walk <api> <key> <service> <deployment> <walks> <walks_per_minute> <limit>}: walks the
 * whole log by cursor, newest first, {@code walks} times, one walk starting every
 * 60/walks_per_minute seconds (a fixed rate of walks; the pages of one walk follow each other as a
 * client's do, each waiting for the last). Checks every walk saw every seq once, in descending
 * order, and reports per-page and per-walk latency percentiles and the errors.
 */
public class LogBench {
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final Pattern CURSOR = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");
  private static long bodyBytes;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "seed" -> seed(args[1], args[2], UUID.fromString(args[3]), Integer.parseInt(args[4]));
      case "walk" -> walk(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]),
          Integer.parseInt(args[7]));
      default -> throw new IllegalArgumentException("seed or walk, not " + args[0]);
    }
  }

  // --- seed ---

  private static final String[] PACKAGES = {"react", "react-dom", "express", "lodash", "typescript", "vite", "esbuild",
      "postcss", "tailwindcss", "zod", "axios", "dayjs", "pino", "fastify", "prisma", "eslint", "prettier", "jest"};
  private static final String[] WARNS = {
      "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.",
      "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
      "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour",
      "level=warn msg=\"cache export is not supported for the docker driver\"",
      "[warn] Browserslist: caniuse-lite is outdated. Please run: npx update-browserslist-db@latest"};
  private static final String[] ERRORS = {
      "npm ERR! code ETARGET npm ERR! notarget No matching version found for left-pad@^9.0.0.",
      "ERROR: Could not find a version that satisfies the requirement nonexistent-pkg==0.0.1 (from versions: none)",
      "src/server.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.example:app:jar:1.0"};

  private static void seed(String jdbc, String user, UUID deployment, int lines) throws Exception {
    Random random = new Random(14);
    try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
      boolean hasLevel;
      try (ResultSet r = c.getMetaData().getColumns(null, null, "deployment_logs", "level")) {
        hasLevel = r.next();
      }
      UUID tenant;
      try (PreparedStatement s = c.prepareStatement("select tenant_id from deployments where id = ?")) {
        s.setObject(1, deployment);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          tenant = r.getObject(1, UUID.class);
        }
      }
      // The writer's own classification when the store module is on the classpath (logs.sh puts it
      // there), else the level each seeded text was written to have.
      Method classifier = null;
      try {
        classifier = Class.forName("io.deploymcp.store.logs.LogLevel").getMethod("of", String.class);
      } catch (ClassNotFoundException e) {
        // an older store: no LogLevel, and no level column either
      }
      c.setAutoCommit(false);
      String insert = "insert into deployment_logs (deployment_id, seq, tenant_id, type, at, stream, line"
          + (hasLevel ? ", level" : "") + ") values (?, ?, ?, 'build', ?, ?, ?" + (hasLevel ? ", ?" : "") + ")";
      Instant start = Instant.now().minusSeconds(200);
      long totalChars = 0;
      int errors = 0;
      int warns = 0;
      Map<String, Integer> leveled = new TreeMap<>();
      try (PreparedStatement s = c.prepareStatement(insert)) {
        for (int seq = 1; seq <= lines; seq++) {
          int pick = random.nextInt(1000);
          String level = null;
          String stream = "stdout";
          String line;
          int step = 1 + seq * 12 / lines;
          if (pick < 3) {
            line = ERRORS[random.nextInt(ERRORS.length)];
            level = "error";
            stream = "stderr";
            errors++;
          } else if (pick < 13) {
            line = WARNS[random.nextInt(WARNS.length)];
            level = "warn";
            stream = "stderr";
            warns++;
          } else if (pick < 40) {
            line = "#" + (step + 3) + " [build " + step + "/12] RUN " + command(random);
            stream = "step";
          } else {
            line = output(random, step, seq);
          }
          s.setObject(1, deployment);
          s.setLong(2, seq);
          s.setObject(3, tenant);
          s.setTimestamp(4, Timestamp.from(start.plusMillis(seq * 180_000L / lines)));
          s.setString(5, stream);
          s.setString(6, line);
          if (hasLevel) {
            String stored = classifier == null ? level : classify(classifier, line);
            s.setString(7, stored);
            if (stored != null) {
              leveled.merge(stored, 1, Integer::sum);
            }
          }
          s.addBatch();
          totalChars += line.length();
          if (seq % 1000 == 0) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      c.commit();
      System.out.printf(Locale.ROOT, "seeded %d build lines (%d error, %d warn, mean %d chars%s) for deployment %s%n",
          lines, errors, warns, totalChars / lines,
          !hasLevel ? ", no level column" : (classifier != null ? ", level by the store's LogLevel " : ", level as seeded ")
              + leveled, deployment);
    }
  }

  private static String classify(Method of, String line) throws ReflectiveOperationException {
    Optional<?> level = (Optional<?>) of.invoke(null, line);
    return level.isEmpty() ? null : (String) of.getDeclaringClass().getMethod("wireName").invoke(level.get());
  }

  private static String command(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> "npm ci --no-audit --no-fund";
      case 1 -> "npm run build";
      case 2 -> "pip install --no-cache-dir -r requirements.txt";
      default -> "apt-get update && apt-get install -y --no-install-recommends ca-certificates curl";
    };
  }

  /** An ordinary output line: mostly 40-160 characters, now and then a long one (a compiler's or bundler's). */
  private static String output(Random random, int step, int seq) {
    String prefix = String.format(Locale.ROOT, "#%d %d.%03d ", step + 3, seq / 50, random.nextInt(1000));
    String pkg = PACKAGES[random.nextInt(PACKAGES.length)];
    return switch (random.nextInt(6)) {
      case 0 -> prefix + "added " + random.nextInt(1500) + " packages, and audited " + random.nextInt(1600)
          + " packages in " + random.nextInt(40) + "s";
      case 1 -> prefix + "Downloading " + pkg + "-" + random.nextInt(20) + "." + random.nextInt(10) + "." + random.nextInt(10)
          + "-py3-none-any.whl (" + random.nextInt(900) + " kB)";
      case 2 -> prefix + "dist/assets/" + pkg + "-" + Long.toHexString(random.nextLong()) + ".js   "
          + random.nextInt(400) + "." + random.nextInt(100) + " kB │ gzip: " + random.nextInt(120) + "." + random.nextInt(100) + " kB";
      case 3 -> prefix + "Get:" + random.nextInt(60) + " http://deb.debian.org/debian bookworm/main amd64 lib" + pkg
          + " amd64 " + random.nextInt(9) + "." + random.nextInt(30) + "-" + random.nextInt(5) + " [" + random.nextInt(2000) + " kB]";
      case 4 -> prefix + "transforming (" + random.nextInt(3000) + ") node_modules/" + pkg + "/dist/esm/"
          + "index.mjs".repeat(1 + random.nextInt(3));
      default -> prefix + "sha256:" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
          + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + " " + "█".repeat(random.nextInt(40))
          + " " + ("node_modules/" + pkg + "/lib/").repeat(random.nextInt(12)) + "done";
    };
  }

  // --- walk ---

  private static void walk(String api, String key, String service, String deployment, int walks, int perMinute,
      int limit) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    String base = api + "/v1/services/" + service + "/logs?deployment_id=" + deployment + "&limit=" + limit;
    walkOnce(http, key, base, new ArrayList<>(), new int[1]); // warm-up, not recorded
    walkOnce(http, key, base, new ArrayList<>(), new int[1]);
    List<Long> pages = new ArrayList<>();
    List<Long> totals = new ArrayList<>();
    List<Long> firsts = new ArrayList<>(); // each walk's first page (no cursor), to set beside the fixed-rate run
    int[] errors = new int[1];
    bodyBytes = 0;
    long interval = TimeUnit.MINUTES.toNanos(1) / perMinute;
    long start = System.nanoTime();
    int pageCount = 0;
    int lines = 0;
    for (int w = 0; w < walks; w++) {
      long scheduled = start + w * interval;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int before = pages.size();
      lines = walkOnce(http, key, base, pages, errors);
      pageCount = pages.size() - before;
      firsts.add(pages.get(before));
      // From the scheduled start: a walk that began late because the last one overran counts it.
      totals.add(System.nanoTime() - scheduled);
    }
    long[] p = pages.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] t = totals.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] f = firsts.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT,
        "cursor walk, limit=%d: %d walks at %d/min, %d pages and %d lines each, errors=%d%n"
            + "  page body: %d bytes on average%n"
            + "  per page (%d): p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n"
            + "  first page of each walk (no cursor): p50=%.2f ms  max=%.2f ms%n"
            + "  per walk: p50=%.1f ms  p99=%.1f ms  max=%.1f ms%n",
        limit, walks, perMinute, pageCount, lines, errors[0], bodyBytes / p.length, p.length, ms(p, 0.5), ms(p, 0.9), ms(p, 0.99),
        p[p.length - 1] / 1e6, ms(f, 0.5), f[f.length - 1] / 1e6, ms(t, 0.5), ms(t, 0.99), t[t.length - 1] / 1e6);
  }

  /** One walk from the newest line to the oldest; returns the lines seen, counting any gap or repeat as an error. */
  private static int walkOnce(HttpClient http, String key, String base, List<Long> pages, int[] errors) throws Exception {
    String cursor = null;
    long last = Long.MAX_VALUE;
    int lines = 0;
    do {
      String url = cursor == null ? base : base + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + key).GET().build();
      long began = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      pages.add(System.nanoTime() - began);
      if (response.statusCode() != 200) {
        if (++errors[0] <= 5) {
          System.err.println("HTTP " + response.statusCode() + " " + response.body());
        }
        return lines;
      }
      String body = response.body();
      bodyBytes += body.getBytes(StandardCharsets.UTF_8).length;
      Matcher seq = SEQ.matcher(body);
      while (seq.find()) {
        long s = Long.parseLong(seq.group(1));
        if (s != (last == Long.MAX_VALUE ? s : last - 1) && ++errors[0] <= 5) {
          System.err.println("seq " + s + " after " + last);
        }
        last = s;
        lines++;
      }
      Matcher next = CURSOR.matcher(body);
      cursor = next.find() ? next.group(1) : null;
    } while (cursor != null);
    if (last != 1 && ++errors[0] <= 5) {
      System.err.println("walk ended at seq " + last + ", not 1");
    }
    return lines;
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
