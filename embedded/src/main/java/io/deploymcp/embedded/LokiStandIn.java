package io.deploymcp.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A Loki STAND-IN for tests (the real Loki v3.4 cannot run in CI): a small HTTP server on
 * 127.0.0.1 that speaks the two parts of Loki's HTTP API the platform uses.
 *
 * <p>What it checks and answers as Loki does:
 * <ul>
 *   <li>{@code POST /loki/api/v1/push} with {@code Content-Type: application/json} (gzip accepted),
 *       the body Loki4j's JSON encoder sends: {@code {"streams":[{"stream":{labels},"values":
 *       [["<unix ns>","<line>",{structured metadata}]]}]}}. A malformed body, a non-numeric
 *       timestamp, a stream without labels or a non-string metadata value is a 400, as Loki
 *       answers; success is 204. An entry identical to one already held (same stream, time and
 *       line) is kept once, as Loki does.</li>
 *   <li>{@code GET /loki/api/v1/query_range} with {@code query}, {@code start} (inclusive),
 *       {@code end} (exclusive), both in Unix nanoseconds, {@code limit} (default 100) and
 *       {@code direction} ({@code backward}, the default, or {@code forward}): the answer has
 *       Loki's shape {@code {"status":"success","data":{"resultType":"streams","result":[{"stream":
 *       {...},"values":[["<ns>","line"]...]}],"stats":{}}}}, with structured metadata merged into
 *       each result stream's labels (Loki's answer without the categorize-labels header), so lines
 *       that differ in metadata come in separate streams. The limit counts entries across streams,
 *       the newest first for backward.</li>
 *   <li>LogQL, the subset the API sends: a stream selector of {@code =} matchers (at least one),
 *       then any of {@code |= "text"}, {@code != "text"}, {@code |~ "regex"} and label filters
 *       {@code | name="value"} on stream labels or structured metadata; strings in double quotes
 *       with Go escapes. Anything else is a 400 "parse error", as Loki would refuse or (for valid
 *       LogQL beyond the subset) the test must not rely on.</li>
 *   <li>{@code GET /ready} answers 200 "ready".</li>
 * </ul>
 *
 * <p>What it does not: authentication and multi-tenancy (X-Scope-OrgID), protobuf+snappy pushes,
 * label name validation and limits (max label count, line size, ingestion rate), out-of-order
 * windows, retention, {@code max_query_length}, metric queries, parsers ({@code | json},
 * {@code | logfmt}), RE2's exact semantics (Java regex here; the API only sends patterns in their
 * common subset), and query splitting by time. Those need a real Loki.
 */
public final class LokiStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One held entry. */
  public record Entry(Map<String, String> stream, long nanos, String line, Map<String, String> metadata) {}

  private final HttpServer server;
  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final List<String> pushBodies = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  public LokiStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the Loki stand-in on 127.0.0.1", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** http://127.0.0.1:port, what LOKI_URL points to. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Every push body as received (decompressed), to check that no secret ever arrived. */
  public List<String> pushBodies() {
    return List.copyOf(pushBodies);
  }

  /** Every LogQL query received, in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  /** Adds entries as a push would (for tests that feed lines without a client). */
  public void add(Entry entry) {
    synchronized (entries) {
      if (!entries.contains(entry)) {
        entries.add(entry);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static final long MAX_QUERY_NANOS = java.time.Duration.ofHours(30 * 24 + 1).toNanos();

  private void handle(HttpExchange exchange) throws IOException {
    // The 400 is sent inside the try-with-resources: closing the exchange first left the client
    // an empty reply (found against a real Loki, docs/architecture.md).
    try (exchange) {
      try {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/ready") && method.equals("GET")) {
          send(exchange, 200, "text/plain", "ready");
        } else if (path.equals("/loki/api/v1/push") && method.equals("POST")) {
          push(exchange);
        } else if (path.equals("/loki/api/v1/query_range") && method.equals("GET")) {
          queryRange(exchange);
        } else {
          send(exchange, 404, "text/plain", "404 page not found");
        }
      } catch (BadRequest e) {
        send(exchange, 400, "text/plain", e.getMessage());
      }
    }
  }

  private void push(HttpExchange exchange) throws IOException {
    String type = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
    if (!type.startsWith("application/json")) {
      throw new BadRequest("this stand-in takes the JSON push API only, not " + type);
    }
    byte[] raw = exchange.getRequestBody().readAllBytes();
    InputStream in = new ByteArrayInputStream(raw);
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    pushBodies.add(body);
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("loghttp.PushRequest: malformed JSON");
    }
    if (!root.path("streams").isArray()) {
      throw new BadRequest("loghttp.PushRequest: streams missing");
    }
    List<Entry> parsed = new ArrayList<>();
    for (JsonNode stream : root.path("streams")) {
      Map<String, String> labels = strings(stream.path("stream"), "stream");
      if (labels.isEmpty()) {
        throw new BadRequest("error at least one label pair is required per stream");
      }
      for (JsonNode value : stream.path("values")) {
        if (!value.isArray() || value.size() < 2 || value.size() > 3 || !value.get(1).isTextual()) {
          throw new BadRequest("loghttp.PushRequest: a value is [\"<ns>\", \"<line>\", {metadata}]");
        }
        long nanos;
        try {
          nanos = Long.parseLong(value.get(0).asText());
        } catch (NumberFormatException e) {
          throw new BadRequest("loghttp.PushRequest: timestamp is not a number of nanoseconds");
        }
        Map<String, String> metadata = value.size() == 3 ? strings(value.get(2), "structured metadata") : Map.of();
        parsed.add(new Entry(labels, nanos, value.get(1).asText(), metadata));
      }
    }
    parsed.forEach(this::add);
    send(exchange, 204, null, "");
  }

  private static Map<String, String> strings(JsonNode node, String what) {
    if (!node.isObject()) {
      throw new BadRequest("loghttp.PushRequest: " + what + " is not an object");
    }
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw new BadRequest("loghttp.PushRequest: " + what + " value of " + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    });
    return out;
  }

  private void queryRange(HttpExchange exchange) throws IOException {
    Map<String, String> params = params(exchange.getRequestURI());
    String query = params.get("query");
    if (query == null) {
      throw new BadRequest("parse error : query is required");
    }
    queries.add(query);
    Query q = Query.parse(query);
    long start = number(params.getOrDefault("start", "0"), "start");
    long end = number(params.getOrDefault("end", Long.toString(Long.MAX_VALUE)), "end");
    int limit = (int) number(params.getOrDefault("limit", "100"), "limit");
    boolean backward = !"forward".equals(params.getOrDefault("direction", "backward"));
    if (!params.getOrDefault("direction", "backward").matches("backward|forward")) {
      throw new BadRequest("invalid direction");
    }
    if (end < start) {
      throw new BadRequest("end timestamp must not be before or equal to start time");
    }
    // Loki's defaults, as a real Loki v3.4 answers them: max_entries_limit_per_query 5000 and
    // max_query_length 30d1h.
    if (limit <= 0) {
      throw new BadRequest("limit must be a positive value");
    }
    if (limit > 5000) {
      throw new BadRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > 5000)");
    }
    if (end != Long.MAX_VALUE && end - start > MAX_QUERY_NANOS) {
      throw new BadRequest("the query time range exceeds the limit (query length: " + (end - start) / 1_000_000_000L
          + "s, limit: 30d1h)");
    }
    Comparator<Entry> order = Comparator.comparingLong(Entry::nanos);
    List<Entry> hits = entries.stream()
        .filter(e -> e.nanos() >= start && e.nanos() < end && q.matches(e))
        .sorted(backward ? order.reversed() : order)
        .limit(limit)
        .toList();
    // Loki groups the answer by stream labels plus structured metadata.
    Map<Map<String, String>, List<Entry>> streams = new LinkedHashMap<>();
    for (Entry e : hits) {
      Map<String, String> labels = new TreeMap<>(e.stream());
      labels.putAll(e.metadata());
      streams.computeIfAbsent(labels, k -> new ArrayList<>()).add(e);
    }
    ObjectNode root = JSON.createObjectNode().put("status", "success");
    ObjectNode data = root.putObject("data").put("resultType", "streams");
    ArrayNode result = data.putArray("result");
    streams.forEach((labels, list) -> {
      ObjectNode stream = result.addObject();
      ObjectNode l = stream.putObject("stream");
      labels.forEach(l::put);
      ArrayNode values = stream.putArray("values");
      list.forEach(e -> values.addArray().add(Long.toString(e.nanos())).add(e.line()));
    });
    data.putObject("stats");
    send(exchange, 200, "application/json", JSON.writeValueAsString(root));
  }

  private static long number(String raw, String what) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new BadRequest("invalid parameter " + what + ": this stand-in takes Unix nanoseconds");
    }
  }

  private static Map<String, String> params(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
    if (status != 204) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A 400 with Loki's kind of message. */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  /** The LogQL subset: selector, line filters, label filters. */
  private record Query(Map<String, String> selector, List<java.util.function.Predicate<Entry>> stages) {
    boolean matches(Entry e) {
      for (Map.Entry<String, String> m : selector.entrySet()) {
        if (!m.getValue().equals(e.stream().get(m.getKey()))) {
          return false;
        }
      }
      return stages.stream().allMatch(s -> s.test(e));
    }

    static Query parse(String text) {
      Lexer lx = new Lexer(text);
      lx.skip();
      lx.expect('{');
      Map<String, String> selector = new LinkedHashMap<>();
      do {
        lx.skip();
        String name = lx.identifier();
        lx.skip();
        lx.expect('=');
        if (lx.peek() == '~' || lx.peek() == '=') {
          throw new BadRequest("parse error : this stand-in takes = matchers only");
        }
        lx.skip();
        selector.put(name, lx.string());
        lx.skip();
      } while (lx.accept(','));
      lx.expect('}');
      if (selector.isEmpty()) {
        throw new BadRequest("parse error : queries require at least one matcher");
      }
      List<java.util.function.Predicate<Entry>> stages = new ArrayList<>();
      while (true) {
        lx.skip();
        if (lx.done()) {
          break;
        }
        if (lx.accept("|=")) {
          lx.skip();
          String s = lx.string();
          stages.add(e -> e.line().contains(s));
        } else if (lx.accept("!=")) {
          lx.skip();
          String s = lx.string();
          stages.add(e -> !e.line().contains(s));
        } else if (lx.accept("|~")) {
          lx.skip();
          Pattern p = Pattern.compile(lx.string());
          stages.add(e -> p.matcher(e.line()).find());
        } else if (lx.accept('|')) {
          lx.skip();
          String name = lx.identifier();
          lx.skip();
          lx.expect('=');
          lx.skip();
          String value = lx.string();
          stages.add(e -> value.equals(e.metadata().getOrDefault(name, e.stream().getOrDefault(name, ""))));
        } else {
          throw new BadRequest("parse error at " + lx.pos + ": unexpected input");
        }
      }
      return new Query(selector, stages);
    }
  }

  private static final class Lexer {
    private final String s;
    private int pos;

    Lexer(String s) {
      this.s = s;
    }

    boolean done() {
      return pos >= s.length();
    }

    char peek() {
      return done() ? '\0' : s.charAt(pos);
    }

    void skip() {
      while (!done() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean accept(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    boolean accept(String t) {
      if (s.startsWith(t, pos)) {
        pos += t.length();
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!accept(c)) {
        throw new BadRequest("parse error at " + pos + ": expected " + c);
      }
    }

    String identifier() {
      int start = pos;
      while (!done() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
        pos++;
      }
      if (start == pos || Character.isDigit(s.charAt(start))) {
        throw new BadRequest("parse error at " + start + ": expected a label name");
      }
      return s.substring(start, pos);
    }

    /** A double-quoted Go string. */
    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (done()) {
          throw new BadRequest("parse error : unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\n') {
          throw new BadRequest("parse error : newline in string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (done()) {
          throw new BadRequest("parse error : unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '\\' -> out.append('\\');
          case '"' -> out.append('"');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'x' -> {
            if (pos + 2 > s.length()) {
              throw new BadRequest("parse error : bad \\x escape");
            }
            out.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
            pos += 2;
          }
          default -> throw new BadRequest("parse error : unknown escape \\" + e);
        }
      }
    }
  }
}
