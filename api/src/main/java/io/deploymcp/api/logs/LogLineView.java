package io.deploymcp.api.logs;

import java.time.Instant;

/**
 * One log line: its position in the deployment's log ({@code seq}, 1 for the first line), when
 * it was written, its stream (stdout, stderr, step, status) and the text, secrets masked.
 */
public record LogLineView(long seq, Instant at, String stream, String line) {}
