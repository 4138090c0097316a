package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
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
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *   <li>Field selectors on any field ({@code involvedObject.name}, {@code status.phase}) for list
 *       and watch, which the mock alone would answer with nothing ({@link Selector}).</li>
 *   <li>Expectations recorded on the mock server still win (mixed mode), and every request is
 *       recorded as an {@link ApiRequest}; with the system property {@value
 *       AuthorizationRecord#FILE_PROPERTY} set, each distinct authorization is also appended to
 *       that file ({@link AuthorizationRecord}).</li>
 * </ul>
 */
public final class StandInDispatcher extends KubernetesCrudDispatcher {

  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private static final Pattern POD_LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
  /** Field labels the mock itself keys objects by; any other goes through {@link Selector}. */
  private static final Set<String> MOCK_FIELD_LABELS = Set.of("metadata.name", "metadata.namespace");
  private static final int MAX_RECORDED_REQUESTS = 100_000;

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expectationDispatcher;
  private final ContainerLogs logs;
  private final Clock clock;
  private final Runnable trimServerRecording;
  private final ReadWriteLock storeLock;
  private final Deque<ApiRequest> requests = new ArrayDeque<>();
  private final java.util.Optional<AuthorizationRecord> authorizationRecord = AuthorizationRecord.fromSystemProperty();
  private final AtomicLong requestCount = new AtomicLong();
  /** Every open watch, field-selected or not: all are {@link StandInWatch}es. */
  private final Set<StandInWatch> watches = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    MockResponse response = answer(request);
    // After answering: the status tells whether an apply created the object (an extra create
    // authorization on a real API server).
    record(request, response.code());
    return response;
  }

  private MockResponse answer(RecordedRequest request) {
    Queue<ServerResponse> expected = expectations.get(
        new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (expected != null && !expected.isEmpty()) {
      return expectationDispatcher.dispatch(request);
    }
    String path = QueryString.pathOnly(request.getPath());
    QueryString query = QueryString.of(request.getPath());
    Matcher podLog = POD_LOG.matcher(path);
    if (request.method() == HttpMethod.GET && podLog.matches()) {
      return withLock(storeLock.readLock(), () -> podLog(podLog.group(1), podLog.group(2), query));
    }
    if (needsFieldSelection(query)) {
      if (request.method() != HttpMethod.GET) {
        return ApiStatus.of(400, "BadRequest", "the Kubernetes stand-in evaluates field selectors beyond metadata.name "
            + "and metadata.namespace on list and watch only, not on " + request.getMethod());
      }
      return fieldSelected(request.getPath(), query);
    }
    if (request.method() == HttpMethod.PATCH && isApplyPatch(request.getHeader("Content-Type"))) {
      return withLock(storeLock.writeLock(), () -> serverSideApply(request, query));
    }
    if (request.method() == HttpMethod.DELETE) {
      return withLock(storeLock.writeLock(), () -> deleteWithDependents(request, query));
    }
    if (request.method() == HttpMethod.POST) {
      return withLock(storeLock.writeLock(), () -> {
        MockResponse created = super.dispatch(request);
        if (created.code() == 201) {
          collectIfOrphaned(new String(created.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return created;
      });
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

  private void record(RecordedRequest request, int status) {
    ApiRequest recorded = new ApiRequest(clock.instant(), request.getMethod(), request.getPath(),
        request.getHeader("Content-Type"), request.getHeader("User-Agent"), status);
    authorizationRecord.ifPresent(r -> r.add(recorded));
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
      return ApiStatus.of(415, "UnsupportedMediaType",
          "the Kubernetes stand-in supports server-side apply on whole objects only, not on " + plainPath);
    }
    String manager = query.get("fieldManager").orElse("");
    if (manager.isBlank()) {
      return ApiStatus.of(422, "Invalid",
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }
    boolean force = query.isTrue("force");
    String body = request.getUtf8Body();
    ObjectNode applied;
    try {
      applied = StoredObjects.parse(body);
    } catch (IllegalArgumentException e) {
      return ApiStatus.of(400, "BadRequest", e.getMessage());
    }
    String kind = applied.path("kind").asString("");
    if (kind.isEmpty() || applied.path("apiVersion").asString("").isEmpty()) {
      return ApiStatus.of(400, "BadRequest", "apiVersion and kind are required in an applied configuration");
    }
    AttributeSet key = getKey(path);
    String pathName = StoredObjects.attribute(key, "name");
    if (pathName == null) {
      return ApiStatus.of(405, "MethodNotAllowed", "server-side apply needs an object path ending in its name: " + plainPath);
    }
    String pathNamespace = StoredObjects.attribute(key, "namespace");
    ObjectNode metadata = applied.get("metadata") instanceof ObjectNode m ? m : applied.putObject("metadata");
    String bodyName = metadata.path("name").asString("");
    if (!bodyName.isEmpty() && !bodyName.equals(pathName)) {
      return ApiStatus.of(400, "BadRequest",
          "the name of the object (" + bodyName + ") does not match the name on the URL (" + pathName + ")");
    }
    String bodyNamespace = metadata.path("namespace").asString("");
    if (pathNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(pathNamespace)) {
      return ApiStatus.of(400, "BadRequest", "the namespace of the object (" + bodyNamespace
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
      collectIfOrphaned(json);
      return new MockResponse().setResponseCode(201).setBody(json);
    }

    ObjectNode live = (ObjectNode) StoredObjects.parse(current.getValue());
    String expectedVersion = metadata.path("resourceVersion").asString("");
    String liveVersion = live.path("metadata").path("resourceVersion").asString("");
    if (!expectedVersion.isEmpty() && !expectedVersion.equals(liveVersion)) {
      return ApiStatus.of(409, "Conflict", "Operation cannot be fulfilled on " + StoredObjects.attribute(key, "plural") + " \""
          + pathName + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
    ServerSideApply.Result result = ServerSideApply.apply(live, applied, manager, force, now);
    return switch (result) {
      case ServerSideApply.Conflicted conflicted -> ApiStatus.conflict(conflicted.conflicts(), kind, pathName);
      case ServerSideApply.Applied unchanged when !unchanged.changed() ->
          new MockResponse().setResponseCode(200).setBody(current.getValue());
      case ServerSideApply.Applied changed -> {
        ObjectNode updated = changed.object();
        touchGeneration(live, updated);
        touchResourceVersion(live, updated);
        String json = updated.toString();
        processEvent(path, key, current.getKey(), Serialization.unmarshal(json, GenericKubernetesResource.class), json);
        yield new MockResponse().setResponseCode(200).setBody(json);
      }
    };
  }

  // ---- delete with dependents ----------------------------------------------------------------

  private MockResponse deleteWithDependents(RecordedRequest request, QueryString query) {
    String path = request.getPath();
    String policy = query.get("propagationPolicy")
        .orElseGet(() -> GarbageCollector.propagationPolicy(request.getUtf8Body()));
    AttributeSet selector = getKey(path);
    List<Map.Entry<AttributeSet, String>> targets = new ArrayList<>();
    if (!selector.containsKey("plural")) {
      // The mock would match every object with an empty selector and delete them all.
      return ApiStatus.of(404, "NotFound", "the server could not find the requested resource: " + QueryString.pathOnly(path));
    }
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      if (entry.getKey().matches(selector)) {
        targets.add(entry);
      }
    }
    MockResponse response = super.handleDelete(path);
    if (!"Orphan".equalsIgnoreCase(policy)) {
      GarbageCollector.Store store = new GarbageCollector.Store(this::snapshot, map::containsKey, super::handleDelete);
      for (Map.Entry<AttributeSet, String> target : targets) {
        if (!map.containsKey(target.getKey())) {
          GarbageCollector.collectDependents(store, target.getKey(), target.getValue());
        }
      }
    }
    return response;
  }

  /**
   * An object created with owners that are all gone (a controller that read its owner just
   * before the owner was deleted) is garbage, as a real collector finds soon after: it goes now.
   */
  private void collectIfOrphaned(String createdJson) {
    JsonNode created = StoredObjects.parse(createdJson);
    JsonNode owners = created.path("metadata").path("ownerReferences");
    if (!owners.isArray() || owners.isEmpty()) {
      return;
    }
    List<Map.Entry<AttributeSet, String>> store = snapshot();
    for (JsonNode owner : owners) {
      if (GarbageCollector.exists(store, owner.path("uid").asString(""))) {
        return;
      }
    }
    String uid = created.path("metadata").path("uid").asString("");
    for (Map.Entry<AttributeSet, String> entry : store) {
      if (GarbageCollector.hasUid(entry.getValue(), uid)) {
        String path = StoredObjects.pathOf(entry.getKey());
        if (path != null) {
          super.handleDelete(path);
        }
        return;
      }
    }
  }

  private List<Map.Entry<AttributeSet, String>> snapshot() {
    synchronized (map) {
      return new ArrayList<>(map.entrySet()).stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
  }

  // ---- pod logs ------------------------------------------------------------------------------

  private MockResponse podLog(String namespace, String pod, QueryString query) {
    AttributeSet key = new AttributeSet(new Attribute("plural", "pods"), new Attribute("namespace", namespace),
        new Attribute("name", pod));
    Map.Entry<AttributeSet, String> entry = findResource(key);
    if (entry == null) {
      return ApiStatus.of(404, "NotFound", "pods \"" + pod + "\" not found");
    }
    return PodLogEndpoint.respond(namespace, pod, StoredObjects.parse(entry.getValue()), query, logs);
  }

  // ---- helpers -------------------------------------------------------------------------------

  // ---- field selectors the mock cannot evaluate ------------------------------------------------

  /** True when the field selector names more than metadata.name/namespace (all the mock keys by). */
  private static boolean needsFieldSelection(QueryString query) {
    return Selector.parse(query.get("fieldSelector").orElse("")).stream()
        .anyMatch(r -> !MOCK_FIELD_LABELS.contains(r.key()));
  }

  private MockResponse fieldSelected(String pathAndQuery, QueryString query) {
    AttributeSet key = getKey(QueryString.pathOnly(pathAndQuery));
    String plural = StoredObjects.attribute(key, "plural");
    if (plural == null) {
      return ApiStatus.of(404, "NotFound", "the server could not find the requested resource");
    }
    List<Selector.Requirement> fields = new ArrayList<>(Selector.parse(query.get("fieldSelector").orElse("")));
    String name = StoredObjects.attribute(key, "name");
    if (name != null) {
      fields.add(new Selector.Requirement("metadata.name", Selector.Op.EQUALS, name));
    }
    Selector selector = new Selector(StoredObjects.attribute(key, "api"), plural, StoredObjects.attribute(key, "namespace"),
        Selector.parse(query.get("labelSelector").orElse("")), fields);
    if (query.isTrue("watch")) {
      return watch((objectKey, json) -> matches(selector, objectKey, json));
    }
    return withLock(storeLock.readLock(), () -> {
      List<String> items = new ArrayList<>();
      long version = 0;
      for (Map.Entry<AttributeSet, String> entry : snapshot()) {
        version = Math.max(version, resourceVersionOf(entry.getValue()));
        if (matches(selector, entry.getKey(), entry.getValue())) {
          items.add(entry.getValue());
        }
      }
      String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", items)
          + "],\"metadata\":{\"resourceVersion\":\"" + version + "\"}}";
      return new MockResponse().setResponseCode(200).setBody(list);
    });
  }

  private static boolean matches(Selector selector, AttributeSet key, String json) {
    if (!selector.plural().equals(StoredObjects.attribute(key, "plural"))) {
      return false; // cheap check before parsing
    }
    return selector.matches(StoredObjects.attribute(key, "api"), StoredObjects.attribute(key, "plural"), StoredObjects.parse(json));
  }

  private static long resourceVersionOf(String json) {
    int at = json.indexOf("\"resourceVersion\":\"");
    if (at < 0) {
      return 0;
    }
    int start = at + "\"resourceVersion\":\"".length();
    int end = json.indexOf('"', start);
    try {
      return Long.parseLong(json.substring(start, end));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return 0;
    }
  }

  // ---- watches -------------------------------------------------------------------------------

  /**
   * Replaces the mock's watch (see {@link StandInWatch} for why) with the same selection: the
   * object key from the path (kind, namespace, label selector) plus a {@code metadata.name}
   * field selector. Called by the mock's GET handler, under the store's read lock.
   */
  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet query = getKey(path);
    for (Selector.Requirement field : Selector.parse(QueryString.of(path).get("fieldSelector").orElse(""))) {
      if (field.op() == Selector.Op.EQUALS && field.key().equals("metadata.name")) {
        query = query.add(new Attribute("name", field.value()));
      } else if (field.op() == Selector.Op.EQUALS && field.key().equals("metadata.namespace")) {
        query = query.add(new Attribute("namespace", field.value()));
      }
    }
    AttributeSet selection = query;
    return watch((key, json) -> key.matches(selection));
  }

  /**
   * A websocket that first sends what matches {@code filter} now, then every matching change;
   * the initial state and the registration happen under one read lock, so no change falls
   * between them (changes happen under the write lock).
   */
  private MockResponse watch(StandInWatch.Filter filter) {
    StandInWatch watch = new StandInWatch(filter, watches, w -> withLock(storeLock.readLock(), () -> {
      for (Map.Entry<AttributeSet, String> entry : snapshot()) {
        if (filter.matches(entry.getKey(), entry.getValue())) {
          w.send("ADDED", entry.getValue());
        }
      }
      watches.add(w);
      return null;
    }));
    return new MockResponse().withWebSocketUpgrade(watch);
  }

  /**
   * Every change to the store passes here (the CRUD handlers, apply, delete), under the store's
   * write lock: the mock stores it (it has no watches of its own left to notify), then each
   * watch hears of it as ADDED, MODIFIED or DELETED by whether the old and the new state match.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (watches.isEmpty() || java.util.Objects.equals(existing, newState)) {
      return;
    }
    AttributeSet newKey = newState == null ? null : keyOf(pathAttributes, resource, newState);
    for (StandInWatch watch : watches) {
      boolean matchedOld = existing != null && watch.filter.matches(oldAttributes, existing);
      boolean matchesNew = newKey != null && watch.filter.matches(newKey, newState);
      if (matchedOld && matchesNew) {
        watch.send("MODIFIED", newState);
      } else if (matchedOld) {
        watch.send("DELETED", existing);
      } else if (matchesNew) {
        watch.send("ADDED", newState);
      }
    }
  }

  /** The key the mock stores a new state under, computed as its {@code processEvent} does. */
  private AttributeSet keyOf(AttributeSet pathAttributes, GenericKubernetesResource resource, String json) {
    AttributeSet key = resource != null
        ? ((KubernetesAttributesExtractor) attributeExtractor).extract(resource)
        : attributeExtractor.fromResource(json);
    return key.containsKey("plural") ? key : AttributeSet.merge(pathAttributes, key);
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
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
