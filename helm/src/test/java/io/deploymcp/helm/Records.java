package io.deploymcp.helm;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What other modules' suites recorded under their {@code target/cluster-records/}: the
 * Kubernetes stand-in's authorizations ({@code kube-requests.jsonl}, kube, worker and api
 * suites) and the worker's outbound connections ({@code worker-connections.jsonl}, worker's
 * ClusterDeployTest). In the full build ({@code ./mvnw verify}) those modules run before this
 * one; run alone, the checks that need them are skipped with a message saying so — or fail, when
 * {@code CI=true} or {@code -Ddeploymcp.records.required=true}.
 */
final class Records {
  static final List<String> MODULES = List.of("kube", "worker", "api");

  private Records() {}

  /** The record directory of a module (surefire sets deploymcp.records.<module>). */
  static Path directory(String module) {
    return Path.of(System.getProperty("deploymcp.records." + module, "../" + module + "/target/cluster-records"));
  }

  static boolean required() {
    return Boolean.getBoolean("deploymcp.records.required") || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The file of each module that has one, by module. */
  static Map<String, Path> existing(String fileName) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String module : MODULES) {
      Path file = directory(module).resolve(fileName);
      if (Files.isRegularFile(file)) {
        files.put(module, file);
      }
    }
    return files;
  }

  /** Each JSON line as a map (lines repeat across runs: callers treat them as a set). */
  static List<Map<String, Object>> lines(Path file) {
    List<Map<String, Object>> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          lines.add(Serialization.unmarshal(line, Map.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  static String howToMake(String fileName, List<String> modules) {
    return "no " + fileName + " from " + String.join(", ", modules) + " (run their suites first: ./mvnw -B -pl "
        + String.join(",", modules) + " -am verify, or the whole build)";
  }
}
