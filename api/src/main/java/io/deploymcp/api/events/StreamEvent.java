package io.deploymcp.api.events;

/** An item as one watcher is sent it, with the SSE id: that watcher's cursor after it. */
public record StreamEvent(StreamItem item, String id) {}
