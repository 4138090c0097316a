import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate (what wrk2 does; Debian's wrk cannot hold a rate): a request
 * is sent every 1/rate seconds whether or not earlier ones have answered, and each latency is
 * measured from its scheduled send time, so a stall shows up in the percentiles instead of
 * silently lowering the rate (no coordinated omission).
 *
 * <p>java bench/FixedRateLoad.java <api-url> <api-key> <path> [rate=200] [seconds=60] [names=10000]
 * A path containing {n} gets a random number in [1, names] per request (e.g. /v1/services/bench-{n}).
 */
public class FixedRateLoad {
  public static void main(String[] args) throws Exception {
    String api = args[0];
    String key = args[1];
    String path = args[2];
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int names = args.length > 5 ? Integer.parseInt(args[5]) : 10000;
    HttpClient http = HttpClient.newBuilder()
        // Plain HTTP/1.1 like curl and wrk; the JDK's default h2c upgrade attempt left
        // requests hanging under concurrent load here.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    // Warm-up: 5 s at the same rate, not recorded.
    run(http, api, key, path, rate, 5, names, new ConcurrentLinkedQueue<>(), new AtomicInteger());
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    long began = System.nanoTime();
    int sent = run(http, api, key, path, rate, seconds, names, latencies, errors);
    double elapsed = (System.nanoTime() - began) / 1e9;

    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT,
        "%s  rate=%d/s for %d s: sent=%d answered=%d (%.1f/s) errors=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  p99.9=%.2f ms  max=%.2f ms%n",
        path, rate, seconds, sent, sorted.length, sorted.length / elapsed, errors.get(),
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
  }

  private static int run(HttpClient http, String api, String key, String path, int rate, int seconds, int names,
      ConcurrentLinkedQueue<Long> latencies, AtomicInteger errors) {
    long interval = 1_000_000_000L / rate;
    int total = rate * seconds;
    long start = System.nanoTime();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      String p = path.replace("{n}", Integer.toString(ThreadLocalRandom.current().nextInt(1, names + 1)));
      HttpRequest request = HttpRequest.newBuilder(URI.create(api + p))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + key)
          .GET()
          .build();
      inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .orTimeout(15, java.util.concurrent.TimeUnit.SECONDS)
          .whenComplete((r, e) -> {
        latencies.add(System.nanoTime() - scheduled);
        if (e != null || r.statusCode() != 200) {
          if (errors.incrementAndGet() <= 5) {
            System.err.println(e != null ? e.toString() : "HTTP " + r.statusCode() + " " + r.body());
          }
        }
      }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    return total;
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
