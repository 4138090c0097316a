package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stand-in API server: fabric8's CRUD mock dispatcher ({@link KubernetesCrudDispatcher}),
 * extended with what the platform needs and the stock mock lacks. It is a stand-in, not an API
 * server: no admission, no defaulting, no validation beyond the basics.
 *
 * <ul>
 *   <li>Server-side apply: {@code PATCH} with {@code Content-Type: application/apply-patch+yaml},
 *       {@code fieldManager} and {@code force} (see {@link ServerSideApply}).</li>
 *   <li>Garbage collection on delete: the objects whose {@code ownerReferences} name a deleted
 *       object go with it (also for objects in a deleted namespace), before the DELETE answers,
 *       unless {@code propagationPolicy} is {@code Orphan}.</li>
 *   <li>{@code GET pods/{name}/log} with {@code container}, {@code previous} and
 *       {@code tailLines}, served from {@link ContainerLogs}.</li>
 *   <li>A 400 for field selectors the mock cannot evaluate (it would silently match nothing).</li>
 *   <li>Expectations recorded on the mock server still win (mixed mode), and every request is
 *       recorded as an {@link ApiRequest}.</li>
 * </ul>
 */
public final class StandInDispatcher extends KubernetesCrudDispatcher {

  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private static final Logger log = LoggerFactory.getLogger(StandInDispatcher.class);
  private static final Pattern POD_LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
  private static final Set<String> SUPPORTED_FIELD_LABELS = Set.of("metadata.name", "metadata.namespace");
  private static final int MAX_RECORDED_REQUESTS = 100_000;

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expectationDispatcher;
  private final ContainerLogs logs;
  private final Clock clock;
  private final Runnable trimServerRecording;
  private final ReadWriteLock storeLock;
  private final Deque<ApiRequest> requests = new ArrayDeque<>();
  private final AtomicLong requestCount = new AtomicLong();

  /**
   * @param expectations the mock server's recorded expectations, answered first
   * @param trimServerRecording empties the mock web server's own request queue, which would
   *     otherwise grow for as long as the stand-in runs
   */
  public StandInDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, ContainerLogs logs,
      Clock clock, Runnable trimServerRecording) {
    this.expectations = expectations;
    this.expectationDispatcher = new MockDispatcher(expectations);
    this.logs = logs;
    this.clock = clock;
    this.trimServerRecording = trimServerRecording;
    this.storeLock = storeLockOf(this);
  }

  /**
   * Apply, delete and the CRUD handlers must see one consistent store; the CRUD dispatcher
   * keeps its lock private, so it is borrowed here rather than adding a second lock that its
   * watch initial-sync would not honour.
   */
  private static ReadWriteLock storeLockOf(KubernetesCrudDispatcher dispatcher) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      field.setAccessible(true);
      return (ReadWriteLock) field.get(dispatcher);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("kubernetes-server-mock changed: KubernetesCrudDispatcher.lock is gone; "
          + "update StandInDispatcher for this fabric8 version", e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    record(request);
    Queue<ServerResponse> expected = expectations.get(
        new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (expected != null && !expected.isEmpty()) {
      return expectationDispatcher.dispatch(request);
    }
    String path = QueryString.pathOnly(request.getPath());
    QueryString query = QueryString.of(request.getPath());
    Optional<MockResponse> badSelector = unsupportedFieldSelector(query);
    if (badSelector.isPresent()) {
      return badSelector.get();
    }
    Matcher podLog = POD_LOG.matcher(path);
    if (request.method() == HttpMethod.GET && podLog.matches()) {
      return withLock(storeLock.readLock(), () -> podLog(podLog.group(1), podLog.group(2), query));
    }
    if (request.method() == HttpMethod.PATCH && isApplyPatch(request.getHeader("Content-Type"))) {
      return withLock(storeLock.writeLock(), () -> serverSideApply(request, query));
    }
    if (request.method() == HttpMethod.DELETE) {
      return withLock(storeLock.writeLock(), () -> deleteWithDependents(request, query));
    }
    return super.dispatch(request);
  }

  /** Requests answered so far, oldest first (the last {@value #MAX_RECORDED_REQUESTS}). */
  public List<ApiRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  private void record(RecordedRequest request) {
    ApiRequest recorded = new ApiRequest(clock.instant(), request.getMethod(), request.getPath(),
        request.getHeader("Content-Type"), request.getHeader("User-Agent"));
    synchronized (requests) {
      if (requests.size() >= MAX_RECORDED_REQUESTS) {
        requests.removeFirst();
      }
      requests.addLast(recorded);
    }
    if (requestCount.incrementAndGet() % 1000 == 0) {
      trimServerRecording.run();
    }
  }

  private static boolean isApplyPatch(String contentType) {
    return contentType != null && contentType.toLowerCase().startsWith(APPLY_PATCH);
  }

  // ---- server-side apply ---------------------------------------------------------------------

  private MockResponse serverSideApply(RecordedRequest request, QueryString query) {
    String path = request.getPath();
    String plainPath = QueryString.pathOnly(path);
    if (plainPath.endsWith("/status") || plainPath.endsWith("/scale")) {
      return status(415, "UnsupportedMediaType",
          "the Kubernetes stand-in supports server-side apply on whole objects only, not on " + plainPath);
    }
    String manager = query.get("fieldManager").orElse("");
    if (manager.isBlank()) {
      return status(422, "Invalid",
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }
    boolean force = query.isTrue("force");
    String body = request.getUtf8Body();
    ObjectNode applied;
    try {
      applied = parseObject(body);
    } catch (IllegalArgumentException e) {
      return status(400, "BadRequest", e.getMessage());
    }
    String kind = applied.path("kind").asString("");
    if (kind.isEmpty() || applied.path("apiVersion").asString("").isEmpty()) {
      return status(400, "BadRequest", "apiVersion and kind are required in an applied configuration");
    }
    AttributeSet key = getKey(path);
    String pathName = attribute(key, "name");
    if (pathName == null) {
      return status(405, "MethodNotAllowed", "server-side apply needs an object path ending in its name: " + plainPath);
    }
    String pathNamespace = attribute(key, "namespace");
    ObjectNode metadata = applied.get("metadata") instanceof ObjectNode m ? m : applied.putObject("metadata");
    String bodyName = metadata.path("name").asString("");
    if (!bodyName.isEmpty() && !bodyName.equals(pathName)) {
      return status(400, "BadRequest",
          "the name of the object (" + bodyName + ") does not match the name on the URL (" + pathName + ")");
    }
    String bodyNamespace = metadata.path("namespace").asString("");
    if (pathNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(pathNamespace)) {
      return status(400, "BadRequest", "the namespace of the object (" + bodyNamespace
          + ") does not match the namespace on the URL (" + pathNamespace + ")");
    }
    metadata.put("name", pathName);
    if (pathNamespace != null) {
      metadata.put("namespace", pathNamespace);
    }
    String now = now();

    Map.Entry<AttributeSet, String> current = findResource(key);
    if (current == null) {
      ObjectNode created = ServerSideApply.create(applied, manager, now);
      ObjectNode createdMeta = (ObjectNode) created.get("metadata");
      createdMeta.put("uid", UUID.randomUUID().toString());
      createdMeta.put("creationTimestamp", now);
      createdMeta.put("resourceVersion", String.valueOf(requestResourceVersion()));
      createdMeta.put("generation", 1);
      String json = created.toString();
      processEvent(path, key, null, Serialization.unmarshal(json, GenericKubernetesResource.class), json);
      return new MockResponse().setResponseCode(201).setBody(json);
    }

    ObjectNode live = (ObjectNode) parseObject(current.getValue());
    String expectedVersion = metadata.path("resourceVersion").asString("");
    String liveVersion = live.path("metadata").path("resourceVersion").asString("");
    if (!expectedVersion.isEmpty() && !expectedVersion.equals(liveVersion)) {
      return status(409, "Conflict", "Operation cannot be fulfilled on " + attribute(key, "plural") + " \""
          + pathName + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
    ServerSideApply.Result result = ServerSideApply.apply(live, applied, manager, force, now);
    return switch (result) {
      case ServerSideApply.Conflicted conflicted -> conflict(conflicted, kind, pathName);
      case ServerSideApply.Applied applied1 when !applied1.changed() ->
          new MockResponse().setResponseCode(200).setBody(current.getValue());
      case ServerSideApply.Applied applied1 -> {
        ObjectNode updated = applied1.object();
        touchGeneration(live, updated);
        touchResourceVersion(live, updated);
        String json = updated.toString();
        processEvent(path, key, current.getKey(), Serialization.unmarshal(json, GenericKubernetesResource.class), json);
        yield new MockResponse().setResponseCode(200).setBody(json);
      }
    };
  }

  private static MockResponse conflict(ServerSideApply.Conflicted conflicted, String kind, String name) {
    List<ServerSideApply.FieldConflict> conflicts = conflicted.conflicts();
    String summary = conflicts.stream()
        .map(c -> "conflict with \"" + c.manager() + "\": " + FieldSet.dotted(c.path()))
        .collect(Collectors.joining("; "));
    List<StatusCause> causes = conflicts.stream()
        .map(c -> new StatusCauseBuilder()
            .withReason("FieldManagerConflict")
            .withMessage("conflict with \"" + c.manager() + "\"")
            .withField(FieldSet.dotted(c.path()))
            .build())
        .toList();
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withReason("Conflict")
        .withCode(409)
        .withMessage("Apply failed with " + conflicts.size() + (conflicts.size() == 1 ? " conflict: " : " conflicts: ")
            + summary)
        .withNewDetails().withKind(kind).withName(name).withCauses(causes).endDetails()
        .build();
    return new MockResponse().setResponseCode(409).setBody(Serialization.asJson(status));
  }

  // ---- delete with dependents ----------------------------------------------------------------

  private MockResponse deleteWithDependents(RecordedRequest request, QueryString query) {
    String path = request.getPath();
    String policy = query.get("propagationPolicy").orElseGet(() -> propagationPolicy(request.getUtf8Body()));
    AttributeSet selector = getKey(path);
    List<Map.Entry<AttributeSet, String>> targets = new ArrayList<>();
    if (!selector.containsKey("plural")) {
      // The mock would match every object with an empty selector and delete them all.
      return status(404, "NotFound", "the server could not find the requested resource: " + QueryString.pathOnly(path));
    }
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      if (entry.getKey().matches(selector)) {
        targets.add(entry);
      }
    }
    MockResponse response = super.handleDelete(path);
    if (!"Orphan".equalsIgnoreCase(policy)) {
      for (Map.Entry<AttributeSet, String> target : targets) {
        if (!map.containsKey(target.getKey())) {
          collectDependents(target.getKey(), target.getValue());
        }
      }
    }
    return response;
  }

  /** The garbage collector's part: removes what the deleted object owned, transitively. */
  private void collectDependents(AttributeSet deletedKey, String deletedJson) {
    JsonNode deleted = parseObject(deletedJson);
    String uid = deleted.path("metadata").path("uid").asString("");
    boolean namespace = "Namespace".equals(deleted.path("kind").asString(""));
    String namespaceName = deleted.path("metadata").path("name").asString("");
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      boolean dependent = namespace
          ? namespaceName.equals(attribute(entry.getKey(), "namespace"))
          : isOwnedBy(entry.getValue(), uid);
      if (dependent && map.containsKey(entry.getKey())) {
        String dependentPath = pathOf(entry.getKey());
        if (dependentPath == null) {
          log.warn("stand-in GC: cannot delete dependent {} of {}", entry.getKey(), deletedKey);
          continue;
        }
        super.handleDelete(dependentPath);
        if (!map.containsKey(entry.getKey())) {
          collectDependents(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  private static boolean isOwnedBy(String json, String uid) {
    if (uid.isEmpty() || !json.contains(uid)) {
      return false; // cheap pre-check: most objects do not mention the uid at all
    }
    for (JsonNode owner : parseObject(json).path("metadata").path("ownerReferences")) {
      if (uid.equals(owner.path("uid").asString(""))) {
        return true;
      }
    }
    return false;
  }

  private static String propagationPolicy(String body) {
    if (body == null || body.isBlank()) {
      return "Background";
    }
    try {
      return parseObject(body).path("propagationPolicy").asString("Background");
    } catch (IllegalArgumentException e) {
      return "Background";
    }
  }

  private List<Map.Entry<AttributeSet, String>> snapshot() {
    synchronized (map) {
      return new ArrayList<>(map.entrySet()).stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
  }

  /** The REST path of a stored object, rebuilt from the attributes the mock keys it by. */
  private static String pathOf(AttributeSet key) {
    String plural = attribute(key, "plural");
    String name = attribute(key, "name");
    String version = attribute(key, "version");
    if (plural == null || name == null || version == null) {
      return null;
    }
    String api = attribute(key, "api");
    String namespace = attribute(key, "namespace");
    return (api == null ? "/api/" : "/apis/" + api + "/") + version
        + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural + "/" + name;
  }

  // ---- pod logs ------------------------------------------------------------------------------

  private MockResponse podLog(String namespace, String pod, QueryString query) {
    AttributeSet key = new AttributeSet(new Attribute("plural", "pods"), new Attribute("namespace", namespace),
        new Attribute("name", pod));
    Map.Entry<AttributeSet, String> entry = findResource(key);
    if (entry == null) {
      return status(404, "NotFound", "pods \"" + pod + "\" not found");
    }
    List<String> containers = new ArrayList<>();
    for (JsonNode c : parseObject(entry.getValue()).path("spec").path("containers")) {
      containers.add(c.path("name").asString(""));
    }
    String container = query.get("container").orElse(null);
    if (container == null) {
      if (containers.size() != 1) {
        return status(400, "BadRequest", "a container name must be specified for pod " + pod
            + ", choose one of: " + containers);
      }
      container = containers.getFirst();
    } else if (!containers.contains(container)) {
      return status(400, "BadRequest", "container " + container + " is not valid for pod " + pod);
    }
    boolean previous = query.isTrue("previous");
    Optional<List<String>> lines = previous
        ? logs.previous(namespace, pod, container)
        : logs.current(namespace, pod, container);
    if (lines.isEmpty()) {
      return status(400, "BadRequest", previous
          ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
          : "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: ContainerCreating");
    }
    List<String> out = lines.get();
    Optional<String> tail = query.get("tailLines");
    if (tail.isPresent()) {
      try {
        int n = Math.max(0, Integer.parseInt(tail.get()));
        out = out.subList(Math.max(0, out.size() - n), out.size());
      } catch (NumberFormatException e) {
        return status(400, "BadRequest", "tailLines must be a number: " + tail.get());
      }
    }
    String text = out.isEmpty() ? "" : String.join("\n", out) + "\n";
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Optional<MockResponse> unsupportedFieldSelector(QueryString query) {
    Optional<String> selector = query.get("fieldSelector");
    if (selector.isEmpty() || selector.get().isBlank()) {
      return Optional.empty();
    }
    for (String requirement : selector.get().split(",")) {
      String label = requirement.split("!=|==|=", 2)[0].trim();
      if (!SUPPORTED_FIELD_LABELS.contains(label)) {
        return Optional.of(status(400, "BadRequest", "field label not supported by the Kubernetes stand-in: "
            + label + " (supported: metadata.name, metadata.namespace); filter on the client side"));
      }
    }
    return Optional.empty();
  }

  private static String attribute(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    if (attribute == null || attribute.getValues().isEmpty()) {
      return null;
    }
    return attribute.getValues().getFirst().toString();
  }

  private static ObjectNode parseObject(String body) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("the request body is empty");
    }
    JsonNode node;
    try {
      node = Serialization.jsonMapper().readTree(body);
    } catch (JacksonException notJson) {
      try {
        node = Serialization.yamlMapper().readTree(body);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("the request body is neither JSON nor YAML: " + e.getOriginalMessage());
      }
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the request body is not an object");
    }
    return object;
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
  }

  private static MockResponse status(int code, String reason, String message) {
    Status status = new StatusBuilder().withStatus("Failure").withReason(reason).withCode(code)
        .withMessage(message).build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status));
  }

  private static <T> T withLock(Lock lock, Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
