import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14 §6: N watchers of one deployment's SSE stream, each reading on a virtual thread with
 * the JDK HTTP client; the bench inserts build log lines one commit at a time at a fixed rate
 * (each line carries its commit-side wall-clock time in microseconds) and every watcher records
 * receive time minus that time: the delivery lag through pg_notify, the API's topic read and the
 * fan-out. Then it fails the deployment (the result ends every stream) and checks that each watcher
 * got each line exactly once. RSS of the API process is read from /proc. Usage (bench/events.sh):
 * java -cp postgresql.jar bench/EventStreamBench.java api key jdbc user deployment api_pid
 * watchers lines lines_per_second.
 */
public class EventStreamBench {
  private static final Pattern MARK = Pattern.compile("\"line\":\"bench (\\d+) (\\d+)\"");

  public static void main(String[] args) throws Exception {
    String api = args[0];
    String key = args[1];
    String jdbc = args[2];
    String user = args[3];
    UUID deployment = UUID.fromString(args[4]);
    long apiPid = Long.parseLong(args[5]);
    int watchers = Integer.parseInt(args[6]);
    int lines = Integer.parseInt(args[7]);
    int perSecond = Integer.parseInt(args[8]);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long rssBefore = rssKb(apiPid);
    long[][] lags = new long[watchers][lines];
    AtomicLong duplicates = new AtomicLong();
    AtomicLong received = new AtomicLong();
    CountDownLatch connected = new CountDownLatch(watchers);
    CountDownLatch ended = new CountDownLatch(watchers);
    for (int w = 0; w < watchers; w++) {
      int me = w;
      Arrays.fill(lags[me], -1);
      Thread.ofVirtual().start(() -> {
        try {
          HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/v1/deployments/" + deployment + "/events"))
              .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build();
          HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
          if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
          }
          boolean first = true;
          try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
              if (first && line.startsWith("event:")) { // the replayed queued phase
                first = false;
                connected.countDown();
              }
              if (line.startsWith("data:")) {
                Matcher m = MARK.matcher(line);
                if (m.find()) {
                  long now = nowMicros();
                  int i = Integer.parseInt(m.group(1));
                  if (lags[me][i] >= 0) {
                    duplicates.incrementAndGet();
                  }
                  lags[me][i] = now - Long.parseLong(m.group(2));
                  received.incrementAndGet();
                }
              }
            }
          }
        } catch (Exception e) {
          System.err.println("watcher " + me + ": " + e);
          connected.countDown();
        } finally {
          ended.countDown();
        }
      });
    }
    if (!connected.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every watcher connected within 120 s");
    }
    Thread.sleep(1_000);
    long rssConnected = rssKb(apiPid);
    System.out.printf("== %d watchers of deployment %s connected; %d lines at %d/s, one commit each%n",
        watchers, deployment, lines, perSecond);
    try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
      PreparedStatement insert = c.prepareStatement(
          "insert into deployment_logs (deployment_id, seq, tenant_id, type, stream, line)"
              + " select d.id, coalesce((select max(seq) from deployment_logs where deployment_id = d.id), 0) + 1,"
              + " d.tenant_id, 'build', 'stdout', ? from deployments d where d.id = ?");
      long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
      long next = System.nanoTime();
      for (int i = 0; i < lines; i++) {
        insert.setString(1, "bench " + i + " " + nowMicros());
        insert.setObject(2, deployment);
        insert.executeUpdate();
        next += period;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
      }
      long rssAfterLines = rssKb(apiPid);
      Thread.sleep(2_000);
      try (PreparedStatement fail = c.prepareStatement(
          "update deployments set status = 'failed', finished_at = now(), updated_at = now(),"
              + " error_phase = 'building', error_code = 'BENCH', error_message = 'bench over' where id = ?")) {
        fail.setObject(1, deployment);
        fail.executeUpdate();
      }
      boolean allEnded = ended.await(60, TimeUnit.SECONDS);
      Thread.sleep(1_000);
      long rssEnd = rssKb(apiPid);
      List<Long> all = new ArrayList<>();
      long missing = 0;
      for (long[] watcher : lags) {
        for (long lag : watcher) {
          if (lag < 0) {
            missing++;
          } else {
            all.add(lag);
          }
        }
      }
      all.sort(null);
      System.out.println("| deliveries | missing | duplicates | lag p50 | p90 | p99 | max |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
      System.out.printf("| %,d | %,d | %,d | %s | %s | %s | %s |%n", all.size(), missing, duplicates.get(),
          ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 1.0));
      System.out.printf("== API RSS: before %,d KiB; %d watchers connected %,d KiB (+%,d); after the lines %,d KiB;"
              + " streams ended (%s) %,d KiB%n",
          rssBefore, watchers, rssConnected, rssConnected - rssBefore, rssAfterLines, allEnded ? "all" : "NOT all", rssEnd);
    }
  }

  private static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static String ms(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return "-";
    }
    int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
    return String.format("%.1f ms", sorted.get(Math.max(0, i)) / 1000.0);
  }

  private static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return -1;
  }
}
