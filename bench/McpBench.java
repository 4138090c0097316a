import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 6 §6 from the caller's side, over loopback against a running API: list_services and
 * get_service through the official Java MCP SDK client (Streamable HTTP, default client
 * settings), each next to its REST twin (GET /v1/services, GET /v1/services/{name}) sent with
 * the JDK HTTP client over HTTP/1.1 with keep-alive, as the SDK's transport does, and next to
 * the same tools/call sent raw with that JDK client (to tell the server's share of the
 * difference from the SDK's). One call at a time (closed loop: an agent waits for each answer);
 * every round sends the same request (same name, same default page) all three ways, in a
 * shuffled order. Then tools/list in bytes, read raw.
 *
 * <p>java -cp <local module test classpath> bench/McpBench.java <api-url> <api-key> [rounds=3000] [warmup=1000] [names=10000]
 */
public class McpBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One way of asking one thing, timed from the caller's side. */
  interface Call {
    long time(String name) throws Exception;
  }

  record Measure(String label, Call call) {}

  public static void main(String[] args) throws Exception {
    String api = args[0];
    String key = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int names = args.length > 4 ? Integer.parseInt(args[4]) : 10000;

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    McpSyncClient mcp = McpClient.sync(
            HttpClientStreamableHttpTransport.builder(api).endpoint("/mcp")
                .httpRequestCustomizer((request, method, endpoint, body, context) ->
                    request.header("Authorization", "Bearer " + key))
                .build())
        .clientInfo(McpSchema.Implementation.builder("mcp-bench", "1").build())
        .requestTimeout(Duration.ofSeconds(30))
        .build();
    mcp.initialize();
    RawSession raw = RawSession.open(http, api, key);

    List<Measure> measures = List.of(
        new Measure("GET /v1/services/{name}", name -> rest(http, api, key, "/v1/services/" + name)),
        new Measure("get_service {name}, SDK client", name -> tool(mcp, "get_service", Map.of("name", name))),
        new Measure("get_service {name}, raw tools/call", name -> raw.time(getService(name))),
        new Measure("GET /v1/services (first page: 50)", name -> rest(http, api, key, "/v1/services")),
        new Measure("list_services {}, SDK client", name -> tool(mcp, "list_services", Map.of())),
        new Measure("list_services {}, raw tools/call", name -> raw.time(LIST_SERVICES)));
    long[][] samples = new long[measures.size()][rounds];
    Random random = new Random(42);
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
    long began = System.nanoTime();
    for (int round = -warmup; round < rounds; round++) {
      String name = "bench-" + (1 + random.nextInt(names));
      Collections.shuffle(order, random);
      for (int i : order) {
        long took = measures.get(i).call().time(name);
        if (round >= 0) {
          samples[i][round] = took;
        }
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;

    String sample = "bench-" + (names / 2);
    int[] answerBytes = {
      bytes(http, api, key, "/v1/services/" + sample), raw.bytes(getService(sample)), raw.bytes(getService(sample)),
      bytes(http, api, key, "/v1/services"), raw.bytes(LIST_SERVICES), raw.bytes(LIST_SERVICES)
    };
    ToolList toolList = raw.toolList();
    raw.close();
    mcp.closeGracefully();

    System.out.printf(Locale.ROOT, "MCP BENCHMARK: %d rounds after %d warm-up rounds, one call at a time, %.1f s%n%n",
        rounds, warmup, seconds);
    System.out.println("| call | n | p50 | p90 | p99 | max | mean | answer bytes |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (int i = 0; i < measures.size(); i++) {
      long[] s = samples[i].clone();
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %,d |%n",
          measures.get(i).label(), s.length, ms(s, 0.50), ms(s, 0.90), ms(s, 0.99), s[s.length - 1] / 1e6,
          mean(s) / 1e6, answerBytes[i]);
    }
    System.out.println();
    System.out.println("| over the REST twin | p50 difference | p50 ratio | mean difference | p99 difference |");
    System.out.println("| --- | --- | --- | --- | --- |");
    overhead("get_service, SDK client", samples[0], samples[1]);
    overhead("get_service, raw tools/call", samples[0], samples[2]);
    overhead("list_services, SDK client", samples[3], samples[4]);
    overhead("list_services, raw tools/call", samples[3], samples[5]);
    System.out.println();
    System.out.printf(Locale.ROOT,
        "tools/list: %d tools, %,d bytes as compact JSON (the tools array: ToolListTest's measure, budget 12,288),"
            + " %,d bytes of HTTP response body (%s)%n",
        toolList.tools(), toolList.compactBytes(), toolList.responseBytes(), toolList.contentType());
  }

  private static final String LIST_SERVICES = "{\"name\":\"list_services\",\"arguments\":{}}";

  private static String getService(String name) {
    return "{\"name\":\"get_service\",\"arguments\":{\"name\":\"" + name + "\"}}";
  }

  /** One REST GET, timed from before sending to the whole body read; fails on anything but 200. */
  private static long rest(HttpClient http, String api, String key, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + key).GET().build();
    long start = System.nanoTime();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return took;
  }

  /** One tool call through the SDK, timed around callTool; fails on a tool error. */
  private static long tool(McpSyncClient mcp, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
    long start = System.nanoTime();
    McpSchema.CallToolResult result = mcp.callTool(request);
    long took = System.nanoTime() - start;
    if (Boolean.TRUE.equals(result.isError())) {
      throw new IllegalStateException(tool + " " + arguments + " failed: " + result.structuredContent());
    }
    return took;
  }

  private static int bytes(HttpClient http, String api, String key, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + key).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()).body().length;
  }

  record ToolList(int tools, int compactBytes, int responseBytes, String contentType) {}

  /**
   * A Streamable HTTP session driven with the plain JDK client (initialize, initialized, then
   * JSON-RPC requests): the bytes on the wire, which the SDK client does not hand out, and tool
   * calls without the SDK's own work.
   */
  record RawSession(HttpClient http, String api, String key, String id) {
    static RawSession open(HttpClient http, String api, String key) throws Exception {
      RawSession anonymous = new RawSession(http, api, key, null);
      HttpResponse<byte[]> init = anonymous.post(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-bench-raw\",\"version\":\"1\"}}}");
      String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() ->
          new IllegalStateException("no session: " + init.statusCode()));
      RawSession session = new RawSession(http, api, key, id);
      session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      return session;
    }

    /** A tools/call timed from before sending to the whole answer read; fails on a tool error. */
    long time(String params) throws Exception {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":" + params + "}");
      long took = System.nanoTime() - start;
      if (indexOf(response.body(), "\"isError\":true") >= 0) {
        throw new IllegalStateException("tools/call " + params + " failed: " + new String(response.body(), StandardCharsets.UTF_8));
      }
      return took;
    }

    int bytes(String params) throws Exception {
      return post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":" + params + "}").body().length;
    }

    ToolList toolList() throws Exception {
      HttpResponse<byte[]> list = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
      String contentType = list.headers().firstValue("Content-Type").orElse("?");
      String body = new String(list.body(), StandardCharsets.UTF_8);
      if (contentType.startsWith("text/event-stream")) {
        body = body.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).reduce((a, b) -> b).orElseThrow();
      }
      JsonNode tools = JSON.readTree(body).path("result").path("tools");
      return new ToolList(tools.size(), JSON.writeValueAsString(tools).getBytes(StandardCharsets.UTF_8).length,
          list.body().length, contentType);
    }

    void close() throws Exception {
      http.send(HttpRequest.newBuilder(URI.create(api + "/mcp")).header("Authorization", "Bearer " + key)
          .header("Mcp-Session-Id", id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpResponse<byte[]> post(String body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + "/mcp"))
          .header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (id != null) {
        request.header("Mcp-Session-Id", id);
      }
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("/mcp answered " + response.statusCode() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response;
    }

    private static int indexOf(byte[] haystack, String needle) {
      return new String(haystack, StandardCharsets.UTF_8).indexOf(needle);
    }
  }

  private static void overhead(String label, long[] rest, long[] tool) {
    long[] r = rest.clone();
    long[] t = tool.clone();
    Arrays.sort(r);
    Arrays.sort(t);
    System.out.printf(Locale.ROOT, "| %s | %+.2f ms | %.2f× | %+.2f ms | %+.2f ms |%n",
        label, ms(t, 0.5) - ms(r, 0.5), ms(t, 0.5) / ms(r, 0.5), (mean(t) - mean(r)) / 1e6, ms(t, 0.99) - ms(r, 0.99));
  }

  /** Nearest-rank percentile in milliseconds of a sorted array. */
  private static double ms(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(0);
  }
}
