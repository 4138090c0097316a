import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Create → workflow started: POST /v1/services N times, one request at a time, each with a new
 * name. The API answers 202 only after Temporal accepted the workflow start, so the latency the
 * client sees is an upper bound of "create → workflow started".
 *
 * <p>java bench/CreateLatency.java <api-url> <api-key> <repo-url> [count=1000] [warmup=50]
 */
public class CreateLatency {
  public static void main(String[] args) throws Exception {
    String api = args[0];
    String key = args[1];
    String repo = args[2];
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    HttpClient http = HttpClient.newBuilder()
        // Plain HTTP/1.1 like curl and wrk; the JDK's default h2c upgrade attempt left
        // requests hanging under concurrent load here.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    long[] nanos = new long[count];
    int errors = 0;
    for (int i = -warmup; i < count; i++) {
      String name = "lat-" + run + "-" + (i < 0 ? "w" + (-i) : Integer.toString(i));
      HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/v1/services"))
          .header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"repo\":\"" + repo + "\"}"))
          .build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - start;
      if (response.statusCode() != 202) {
        errors++;
        if (errors <= 5) {
          System.err.println("HTTP " + response.statusCode() + " " + response.body());
        }
      }
      if (i >= 0) {
        nanos[i] = took;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT,
        "creates=%d (after %d warm-up) errors=%d  p50=%.1f ms  p90=%.1f ms  p99=%.1f ms  max=%.1f ms%n",
        count, warmup, errors, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[count - 1] / 1e6);
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
