package io.deploymcp.api.support;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Decodes the payloads Temporal stores (search attributes, memo, inputs) for assertions. */
public final class WorkflowPayloads {
  private WorkflowPayloads() {}

  public static String string(Payload payload) {
    return DefaultDataConverter.newDefaultInstance().fromPayload(payload, String.class, String.class);
  }

  public static Map<String, String> strings(Map<String, Payload> fields) {
    Map<String, String> out = new TreeMap<>();
    fields.forEach((k, v) -> out.put(k, string(v)));
    return out;
  }

  /** The raw JSON of a payload, e.g. a workflow input. */
  public static String json(Payload payload) {
    return payload.getData().toString(StandardCharsets.UTF_8);
  }
}
