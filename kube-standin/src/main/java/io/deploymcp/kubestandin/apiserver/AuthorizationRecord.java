package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends each distinct authorization the stand-in saw — (user agent, verb, API group, resource,
 * subresource), or (user agent, verb, path) for a non-resource request — as one JSON line to the
 * file named by the system property {@value #FILE_PROPERTY}. The worker, api and kube suites set
 * it (to {@code target/cluster-records/kube-requests.jsonl}) so that the helm module can check
 * the chart's ClusterRoles against what the platform's code really called. Lines repeat across
 * JVMs and runs; readers treat the file as a set. Without the property nothing is written.
 */
public final class AuthorizationRecord {
  public static final String FILE_PROPERTY = "deploymcp.kube-requests.file";

  private final Path file;
  private final Set<String> written = ConcurrentHashMap.newKeySet();

  private AuthorizationRecord(Path file) {
    this.file = file;
  }

  /** The record the system property asks for, if it names a file. */
  public static Optional<AuthorizationRecord> fromSystemProperty() {
    String value = System.getProperty(FILE_PROPERTY, "");
    return value.isBlank() ? Optional.empty() : Optional.of(new AuthorizationRecord(Path.of(value)));
  }

  public Path file() {
    return file;
  }

  /** Appends the request's authorizations that this stand-in has not written yet. */
  public void add(ApiRequest request) {
    for (RequestAttributes attributes : request.authorizations()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("userAgent", request.userAgent() == null ? "" : request.userAgent());
      line.put("verb", attributes.verb());
      if (attributes.isResourceRequest()) {
        line.put("apiGroup", attributes.apiGroup());
        line.put("resource", attributes.resource());
        line.put("subresource", attributes.subresource());
      } else {
        line.put("nonResourcePath", attributes.nonResourcePath());
      }
      String json = Serialization.asJson(line);
      if (written.add(json)) {
        append(json + "\n");
      }
    }
  }

  private synchronized void append(String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      // One small append per line: concurrent JVMs writing the same file keep whole lines.
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to the request record " + file, e);
    }
  }
}
