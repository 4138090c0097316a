package io.deploymcp.api.events;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Writes a stream item as SSE: an event with its type, id and JSON data, or a comment line. */
public final class SseEvents {
  private SseEvents() {}

  public static OutboundSseEvent of(Sse sse, StreamEvent event) {
    StreamItem item = event.item();
    if (item.comment()) {
      return sse.newEventBuilder().comment(item.type()).build();
    }
    return sse.newEventBuilder()
        .name(item.type())
        .id(event.id())
        .mediaType(MediaType.TEXT_PLAIN_TYPE) // data is JSON text already: written as it is
        .data(String.class, item.data())
        .build();
  }
}
