package io.deploymcp.api.auth;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps api_keys.last_used_at roughly current without a write per request: at most one
 * update per key per minute, off the request thread.
 */
@Singleton
public class LastUsedRecorder {
  private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
  private static final long INTERVAL_NANOS = 60_000_000_000L;

  private final ApiKeyRepository keys;
  private final Map<UUID, Long> lastWrite = new ConcurrentHashMap<>();

  public LastUsedRecorder(ApiKeyRepository keys) {
    this.keys = keys;
  }

  public void used(UUID keyId) {
    long now = System.nanoTime();
    Long previous = lastWrite.get(keyId);
    if (previous != null && now - previous < INTERVAL_NANOS) {
      return;
    }
    // Only the thread whose replace succeeds writes, so a burst of requests writes once.
    boolean mine =
        previous == null
            ? lastWrite.putIfAbsent(keyId, now) == null
            : lastWrite.replace(keyId, previous, now);
    if (mine) {
      Thread.ofVirtual()
          .name("last-used")
          .start(
              () -> {
                try {
                  keys.touch(keyId);
                } catch (RuntimeException e) {
                  LOG.debugf("could not record last use of key %s: %s", keyId, e.getMessage());
                }
              });
    }
  }
}
