package io.deploymcp.api.logs;

import io.deploymcp.api.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The API's logs cursor: the deployment being read plus the store's own cursor, so the next
 * page reads the same deployment even when a newer deploy has become the latest meanwhile.
 * Opaque to callers (base64url).
 */
record LogCursor(UUID deploymentId, String storeCursor) {
  private static final String VERSION = "l1";
  private static final char SEPARATOR = '\u001f';

  String encode() {
    String joined = VERSION + SEPARATOR + deploymentId + SEPARATOR + storeCursor;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  static LogCursor decode(String raw) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      String[] parts = decoded.split(String.valueOf(SEPARATOR), -1);
      if (parts.length != 3 || !parts[0].equals(VERSION) || parts[2].isEmpty()) {
        throw PageRequest.invalidCursor();
      }
      LogCursor cursor = new LogCursor(UUID.fromString(parts[1]), parts[2]);
      // UUID.fromString also reads "1-1-1-1-1": only the spelling this API issued is one.
      if (!cursor.encode().equals(raw) || parts[2].chars().anyMatch(Character::isISOControl)) {
        throw PageRequest.invalidCursor();
      }
      return cursor;
    } catch (IllegalArgumentException e) {
      throw PageRequest.invalidCursor();
    }
  }
}
