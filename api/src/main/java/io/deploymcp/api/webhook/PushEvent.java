package io.deploymcp.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a push delivery says, in the shape GitHub and Gitea share: the branch, the commit it
 * now points at, the repository's URLs, the GitHub App installation (GitHub App deliveries
 * only) and every file the pushed commits added, modified or removed.
 */
record PushEvent(String branch, String after, List<String> repoUrls, Long installationId, Set<String> changedFiles) {
  private static final String BRANCH_PREFIX = "refs/heads/";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  /** The repository URLs any delivery (push or not) names, for finding the services it concerns. */
  static List<String> repoUrls(JsonNode payload) {
    JsonNode repository = payload.path("repository");
    Set<String> urls = new LinkedHashSet<>();
    for (String field : new String[] {"clone_url", "html_url"}) {
      JsonNode url = repository.path(field);
      if (url.isTextual() && !url.asText().isBlank() && url.asText().length() <= 2048) {
        urls.add(url.asText());
      }
    }
    return List.copyOf(urls);
  }

  /**
   * The push, or empty when it starts nothing by its nature: a tag, a deleted branch, or no
   * commit to deploy.
   */
  static Optional<PushEvent> parse(JsonNode payload) {
    String ref = payload.path("ref").asText("");
    if (!ref.startsWith(BRANCH_PREFIX) || payload.path("deleted").asBoolean(false)) {
      return Optional.empty();
    }
    String after = payload.path("after").asText("").toLowerCase(Locale.ROOT);
    if (!SHA.matcher(after).matches() || after.chars().allMatch(c -> c == '0')) {
      return Optional.empty();
    }
    JsonNode installation = payload.path("installation").path("id");
    Long installationId = installation.canConvertToLong() && installation.isIntegralNumber() ? installation.longValue() : null;
    Set<String> files = new LinkedHashSet<>();
    for (JsonNode commit : payload.path("commits")) {
      for (String kind : new String[] {"added", "modified", "removed"}) {
        for (JsonNode file : commit.path(kind)) {
          if (file.isTextual()) {
            files.add(file.asText());
          }
        }
      }
    }
    return Optional.of(
        new PushEvent(ref.substring(BRANCH_PREFIX.length()), after, repoUrls(payload), installationId, files));
  }
}
