package io.deploymcp.api.registrygc;

import java.util.List;

/** A digest the collector must not delete, and every reason why. */
public record KeptDigest(String digest, List<KeepReason> reasons) {}
