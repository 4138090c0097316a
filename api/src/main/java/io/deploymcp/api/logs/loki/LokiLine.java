package io.deploymcp.api.logs.loki;

import java.util.Map;

/** One line of a query_range answer: its stream's labels (structured metadata included), its time in nanoseconds, the text. */
public record LokiLine(Map<String, String> labels, long nanos, String line) {}
