package io.deploymcp.api.service;

import java.util.List;

/** What an update would change (nothing is written): each field with its current and new value. */
public record UpdatePlan(boolean dryRun, String service, List<ServiceSettings.FieldChange> changes, String hint) {}
