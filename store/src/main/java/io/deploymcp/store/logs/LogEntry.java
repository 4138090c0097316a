package io.deploymcp.store.logs;

import java.time.Instant;
import java.util.UUID;

/** A stored line: its deployment, its position in that deployment's log ({@code seq}), and the line. */
public record LogEntry(UUID deploymentId, long seq, Instant at, String stream, String line) {}
