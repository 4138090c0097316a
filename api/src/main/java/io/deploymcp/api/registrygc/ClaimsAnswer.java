package io.deploymcp.api.registrygc;

import java.util.List;

/** The collector deletes the granted manifests and nothing else. */
public record ClaimsAnswer(List<ClaimedImage> granted, List<RefusedImage> refused) {}
