package io.deploymcp.api.registrygc;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a digest must stay in the registry, in the order a digest's reasons are listed. */
public enum KeepReason {
  /** The image production runs now. */
  LIVE_PRODUCTION,
  /** The image preview runs now. */
  LIVE_PREVIEW,
  /** What a rollback without deployment_id returns production to. */
  ROLLBACK_TARGET,
  /** A deployment that has not ended names it (a publish or rollback under way, a build that pushed). */
  NOT_TERMINAL,
  /** One of the keep_last newest images of the service. */
  RECENT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
