package io.deploymcp.workflows.activities;

/**
 * Extra evidence an activity attaches to an {@code ApplicationFailure} (as its first
 * detail): what an agent should do next, and the last lines of the relevant log.
 * Never holds secret values: activities mask them before they throw.
 */
public record FailureDetail(String hint, String logTail) {}
