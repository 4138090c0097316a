package io.deploymcp.api.registrygc;

import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.validation.FieldChecks;
import io.deploymcp.api.validation.ValidationException;
import io.deploymcp.store.registrygc.ImageDigestRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The checks of the operator requests: each bad value is 422 INVALID_FIELD naming its field. */
final class RegistryGcRequests {
  static final int DEFAULT_KEEP_LAST = 2;
  static final int MAX_KEEP_LAST = 100;
  static final int MAX_CLAIMS = 10_000;
  /** The registry's repository grammar (path components joined by '/'), at most 255 characters. */
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  private RegistryGcRequests() {}

  static int keepLast(OpenRunRequest body) {
    Integer keepLast = body == null ? null : body.keepLast();
    if (keepLast == null) {
      return DEFAULT_KEEP_LAST;
    }
    if (keepLast < 1 || keepLast > MAX_KEEP_LAST) {
      throw new ValidationException(
          ProblemCode.INVALID_FIELD, "keep_last",
          "keep_last " + keepLast + " is outside 1-" + MAX_KEEP_LAST,
          "Send keep_last between 1 and " + MAX_KEEP_LAST + " (images kept per service besides the needed ones), or omit it for "
              + DEFAULT_KEEP_LAST + ".");
    }
    return keepLast;
  }

  static boolean dryRun(OpenRunRequest body) {
    return body != null && Boolean.TRUE.equals(body.dryRun());
  }

  static UUID runId(String raw) {
    try {
      UUID id = UUID.fromString(raw);
      // UUID.fromString accepts short groups ("1-1-1-1-1"); a run id is the canonical 36 characters.
      if (id.toString().equalsIgnoreCase(raw)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ValidationException(
        ProblemCode.INVALID_FIELD, "run_id", "run_id '" + shown(raw) + "' is not a run id (a UUID)",
        "Use the run_id that POST /v1/operator/registry-gc/runs answered.");
  }

  /** The claimed manifests in request order, duplicates once; every bad entry is named. */
  static List<ImageDigestRef> claims(ClaimsRequest body) {
    if (body == null || body.digests() == null) {
      throw new ValidationException(
          ProblemCode.INVALID_FIELD, "digests", "digests is missing",
          "Send {\"digests\": [{\"repository\": \"dp-<tenant>-<project>/<service>\", \"digest\": \"sha256:...\"}]}.");
    }
    if (body.digests().size() > MAX_CLAIMS) {
      throw new ValidationException(
          ProblemCode.INVALID_FIELD, "digests", body.digests().size() + " digests in one claim; at most " + MAX_CLAIMS,
          "Claim at most " + MAX_CLAIMS + " digests per request.");
    }
    FieldChecks checks = new FieldChecks();
    Set<ImageDigestRef> images = new LinkedHashSet<>();
    for (int i = 0; i < body.digests().size(); i++) {
      ClaimedImage claim = body.digests().get(i);
      String at = "digests[" + i + "]";
      if (claim == null) {
        checks.fail(new ValidationException(ProblemCode.INVALID_FIELD, at, at + " is null"));
        continue;
      }
      boolean ok = true;
      if (claim.repository() == null || claim.repository().length() > 255 || !REPOSITORY.matcher(claim.repository()).matches()) {
        checks.fail(new ValidationException(
            ProblemCode.INVALID_FIELD, at + ".repository",
            at + ".repository '" + shown(claim.repository()) + "' is not a repository name",
            "Name the repository as /v2/_catalog lists it, without the registry host, e.g. dp-acme-web/api."));
        ok = false;
      }
      if (!ImageDigestRef.isDigest(claim.digest())) {
        checks.fail(new ValidationException(
            ProblemCode.INVALID_FIELD, at + ".digest", at + ".digest '" + shown(claim.digest()) + "' is not sha256:<64 hex>",
            "Send the manifest digest the registry reports (Docker-Content-Digest), e.g. sha256:3f2a…"));
        ok = false;
      }
      if (ok) {
        images.add(new ImageDigestRef(claim.repository(), claim.digest()));
      }
    }
    checks.throwIfInvalid();
    return new ArrayList<>(images);
  }

  private static String shown(String raw) {
    if (raw == null) {
      return "null";
    }
    String printable = raw.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
