package io.deploymcp.ops.gc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the platform's answers as the contract writes them, field by field. Anything missing, of
 * the wrong type, or outside the contract (a repository the collector never touches, a digest that
 * is not sha256, a claim answer about digests that were not asked for) is an {@link Unexpected}.
 */
final class PlatformAnswers {
  private PlatformAnswers() {}

  /** A field or value the contract does not allow; the message names it. */
  static final class Unexpected extends Exception {
    Unexpected(String message) {
      super(message);
    }
  }

  static GcRun run(JsonNode body, boolean dryRun) throws Unexpected {
    Optional<UUID> runId = optionalText(body, "run_id").map(text -> uuid("run_id", text));
    if (!dryRun && runId.isEmpty()) {
      throw new Unexpected("run_id is missing or null for a run that is not a dry run");
    }
    if (dryRun && runId.isPresent()) {
      throw new Unexpected("a dry run came back with run_id " + runId.get() + " (a dry run opens no run)");
    }
    Optional<Instant> expiresAt = optionalText(body, "expires_at").map(PlatformAnswers::instant);
    if (!dryRun && expiresAt.isEmpty()) {
      throw new Unexpected("expires_at is missing");
    }
    JsonNode keepLast = body.path("keep_last");
    if (!keepLast.isInt() || keepLast.asInt() < 1) {
      throw new Unexpected("keep_last is not a positive integer");
    }
    Map<String, RepositoryPolicy> repositories = new LinkedHashMap<>();
    for (JsonNode entry : array(body, "repositories")) {
      RepositoryPolicy policy = repository(entry);
      if (repositories.put(policy.repository(), policy) != null) {
        throw new Unexpected("repository " + policy.repository() + " is listed twice");
      }
    }
    return new GcRun(runId, expiresAt, keepLast.asInt(), repositories);
  }

  static ClaimResult claims(JsonNode body, Collection<ImageDigest> asked) throws Unexpected {
    Set<ImageDigest> askedSet = Set.copyOf(asked);
    Set<ImageDigest> answered = new HashSet<>();
    Set<ImageDigest> granted = new LinkedHashSet<>();
    for (JsonNode entry : array(body, "granted")) {
      ImageDigest image = image(entry, askedSet, answered);
      granted.add(image);
    }
    List<ClaimResult.Refusal> refused = new ArrayList<>();
    for (JsonNode entry : array(body, "refused")) {
      ImageDigest image = image(entry, askedSet, answered);
      String reason = text(entry, "reason");
      refused.add(new ClaimResult.Refusal(image, reason));
    }
    if (!answered.containsAll(askedSet)) {
      Set<ImageDigest> missing = new HashSet<>(askedSet);
      missing.removeAll(answered);
      throw new Unexpected("the answer says nothing about " + missing.size() + " claimed digest(s), e.g. "
          + missing.iterator().next());
    }
    return new ClaimResult(granted, refused);
  }

  private static ImageDigest image(JsonNode entry, Set<ImageDigest> asked, Set<ImageDigest> answered) throws Unexpected {
    ImageDigest image = imageDigest(text(entry, "repository"), text(entry, "digest"));
    if (!asked.contains(image)) {
      throw new Unexpected("the answer names " + image + ", which was not claimed");
    }
    if (!answered.add(image)) {
      throw new Unexpected("the answer names " + image + " twice");
    }
    return image;
  }

  private static RepositoryPolicy repository(JsonNode entry) throws Unexpected {
    String repository = text(entry, "repository");
    if (!RepositoryNames.isServiceRepository(repository)) {
      throw new Unexpected("repository '" + PlatformClient.abbreviate(repository)
          + "' is not a service repository (dp-<tenant>-<project>/<service>, without the registry host)");
    }
    boolean serviceExists = bool(entry, "service_exists", repository);
    boolean busy = bool(entry, "busy", repository);
    Map<String, List<String>> keep = new LinkedHashMap<>();
    for (JsonNode kept : array(entry, "keep")) {
      String digest = digest(text(kept, "digest"), repository);
      List<String> reasons = new ArrayList<>();
      for (JsonNode reason : array(kept, "reasons")) {
        if (!reason.isTextual() || reason.asText().isBlank()) {
          throw new Unexpected(repository + ": a reason of " + digest + " is not a word");
        }
        reasons.add(reason.asText());
      }
      if (reasons.isEmpty()) {
        throw new Unexpected(repository + ": " + digest + " is kept without a reason");
      }
      keep.merge(digest, reasons, (a, b) -> {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
      });
    }
    if (!serviceExists && !keep.isEmpty()) {
      throw new Unexpected(repository + ": a deleted service (service_exists false) with digests to keep");
    }
    Set<String> known = new LinkedHashSet<>();
    for (JsonNode digest : array(entry, "known")) {
      if (!digest.isTextual()) {
        throw new Unexpected(repository + ": known holds something that is not a digest");
      }
      known.add(digest(digest.asText(), repository));
    }
    return new RepositoryPolicy(repository, serviceExists, busy, keep, known);
  }

  private static ImageDigest imageDigest(String repository, String digest) throws Unexpected {
    if (!RepositoryNames.isServiceRepository(repository) && !RepositoryNames.isCacheRepository(repository)) {
      throw new Unexpected("'" + PlatformClient.abbreviate(repository) + "' is not a service or cache repository");
    }
    return new ImageDigest(repository, digest(digest, repository));
  }

  private static String digest(String value, String repository) throws Unexpected {
    if (!RepositoryNames.isDigest(value)) {
      throw new Unexpected(repository + ": '" + PlatformClient.abbreviate(value) + "' is not a sha256 digest");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String field) throws Unexpected {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw new Unexpected(field + " is missing or not a list");
    }
    return value;
  }

  private static String text(JsonNode node, String field) throws Unexpected {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new Unexpected(field + " is missing or not a string");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, String repository) throws Unexpected {
    JsonNode value = node.path(field);
    if (!value.isBoolean()) {
      throw new Unexpected(repository + ": " + field + " is missing or not true/false");
    }
    return value.asBoolean();
  }

  private static Optional<String> optionalText(JsonNode node, String field) throws Unexpected {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new Unexpected(field + " is not a string");
    }
    return Optional.of(value.asText());
  }

  private static UUID uuid(String field, String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new UncheckedUnexpected(field + " '" + PlatformClient.abbreviate(text) + "' is not a UUID");
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw new UncheckedUnexpected("expires_at '" + PlatformClient.abbreviate(text) + "' is not an ISO-8601 instant");
      }
    }
  }

  /** For the lambdas of Optional.map; turned back into {@link Unexpected} by the callers. */
  static final class UncheckedUnexpected extends RuntimeException {
    UncheckedUnexpected(String message) {
      super(message);
    }
  }
}
