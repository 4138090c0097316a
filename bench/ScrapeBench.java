import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The cost of one Prometheus scrape of a metrics endpoint (bench/scrape.sh).
 *
 * <p>java bench/ScrapeBench.java <label> <url> <pid> <scrapes=200> <clock_ticks_per_second=100> [body file]
 *
 * <p>Sends what Prometheus 2.x sends (its Accept header, Accept-Encoding: gzip), one scrape after
 * the other, and reports the body size on the wire and uncompressed, the number of series (sample
 * lines) and metric families, latency p50/p90/p99/max, and the CPU time the scraped process
 * spends per scrape: its utime+stime (/proc/<pid>/stat) over the scrapes, minus what it spends
 * over an idle stretch of the same length measured right after (timers, GC, the worker's polls),
 * divided by the scrapes. The clock tick is 10 ms, so take it over at least a few hundred ms of
 * scraping; the idle stretch removes the background, not its noise. Then the five metric names
 * with the most bytes, and with a sixth argument the last body saved to that file.
 */
public class ScrapeBench {
  private static final String ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  public static void main(String[] args) throws Exception {
    String label = args[0];
    URI url = URI.create(args[1]);
    long pid = Long.parseLong(args[2]);
    int scrapes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int ticks = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Accept", ACCEPT).header("Accept-Encoding", "gzip").GET().build();

    for (int i = 0; i < 50; i++) { // warm-up: JIT, the registry's first collection
      scrape(http, request);
    }
    long[] latencies = new long[scrapes];
    HttpResponse<byte[]> last = null;
    int errors = 0;
    long cpuBefore = cpuTicks(pid);
    long began = System.nanoTime();
    for (int i = 0; i < scrapes; i++) {
      long start = System.nanoTime();
      last = scrape(http, request);
      latencies[i] = System.nanoTime() - start;
      if (last.statusCode() != 200) {
        errors++;
      }
    }
    long elapsed = System.nanoTime() - began;
    long cpuScraping = cpuTicks(pid) - cpuBefore;
    long idleBefore = cpuTicks(pid);
    Thread.sleep(Duration.ofNanos(elapsed));
    long cpuIdle = cpuTicks(pid) - idleBefore;

    byte[] wire = last.body();
    boolean gzip = last.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
    String text = new String(gzip ? gunzip(wire) : wire, StandardCharsets.UTF_8);
    long series = text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    long families = text.lines().filter(l -> l.startsWith("# TYPE ")).count();
    Arrays.sort(latencies);
    double msPerTick = 1000.0 / ticks;
    System.out.printf(Locale.ROOT,
        "%s %s: HTTP %d, %s%s, %d bytes on the wire, %d uncompressed, %d series in %d families%n"
            + "  %d sequential scrapes in %.1f s, errors=%d: p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n"
            + "  CPU of pid %d: %.0f ms while scraping, %.0f ms idle over the same %.1f s -> %.2f ms per scrape%n",
        label, url, last.statusCode(), last.headers().firstValue("Content-Type").orElse("?"), gzip ? ", gzip" : "",
        wire.length, text.getBytes(StandardCharsets.UTF_8).length, series, families,
        scrapes, elapsed / 1e9, errors, ms(latencies, 0.5), ms(latencies, 0.9), ms(latencies, 0.99),
        latencies[scrapes - 1] / 1e6,
        pid, cpuScraping * msPerTick, cpuIdle * msPerTick, elapsed / 1e9,
        (cpuScraping - cpuIdle) * msPerTick / scrapes);
    // Where the bytes go: the five metric names with the most sample bytes (a histogram's
    // _bucket lines count under their own name).
    Map<String, long[]> byName = new HashMap<>();
    text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
      int end = l.indexOf('{') >= 0 ? l.indexOf('{') : l.indexOf(' ');
      long[] v = byName.computeIfAbsent(l.substring(0, Math.max(0, end)), k -> new long[2]);
      v[0]++;
      v[1] += l.length() + 1;
    });
    byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(5)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %s: %d series, %d bytes%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    if (args.length > 5) {
      Files.writeString(Path.of(args[5]), text);
    }
  }

  private static HttpResponse<byte[]> scrape(HttpClient http, HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the command's parentheses). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // field 3 is index 0
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
