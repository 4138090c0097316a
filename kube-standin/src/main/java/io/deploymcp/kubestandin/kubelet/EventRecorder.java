package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events the way the kubelet, scheduler and controllers do: one Event per
 * object, reason and message, its {@code count} raised when it happens again. Only called on
 * the kubelet stand-in's thread.
 */
final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private record Key(String uid, String fieldPath, String reason, String message) {}

  private record Recorded(String namespace, String name, int count) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<Key, Recorded> recorded = new HashMap<>();

  EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(HasMetadata involved, String fieldPath, String component, String reason, String message) {
    record(involved, fieldPath, component, "Normal", reason, message);
  }

  void warning(HasMetadata involved, String fieldPath, String component, String reason, String message) {
    record(involved, fieldPath, component, "Warning", reason, message);
  }

  private void record(HasMetadata involved, String fieldPath, String component, String type, String reason,
      String message) {
    String namespace = involved.getMetadata().getNamespace();
    Key key = new Key(involved.getMetadata().getUid(), fieldPath, reason, message);
    String now = Times.format(clock.instant());
    try {
      Recorded previous = recorded.get(key);
      if (previous != null) {
        int count = previous.count() + 1;
        client.v1().events().inNamespace(previous.namespace()).withName(previous.name())
            .patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        recorded.put(key, new Recorded(previous.namespace(), previous.name(), count));
        return;
      }
      String name = involved.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      Event event = new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(involved.getApiVersion())
              .withKind(involved.getKind())
              .withNamespace(namespace)
              .withName(involved.getMetadata().getName())
              .withUid(involved.getMetadata().getUid())
              .withResourceVersion(involved.getMetadata().getResourceVersion())
              .withFieldPath(fieldPath)
              .build())
          .withType(type)
          .withReason(reason)
          .withMessage(message)
          .withNewSource().withComponent(component).withHost(KubeletStandIn.NODE_NAME).endSource()
          .withReportingComponent(component)
          .withReportingInstance(KubeletStandIn.NODE_NAME)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      recorded.put(key, new Recorded(namespace, name, 1));
    } catch (KubernetesClientException e) {
      // An event is evidence, not state: losing one (say, its namespace is being deleted)
      // must not stop the stand-in.
      log.debug("stand-in could not record event {} {}: {}", reason, message, e.getMessage());
    }
  }

  /** Forget events of a deleted object (the namespace's GC removes the Events themselves). */
  void forget(String uid) {
    recorded.keySet().removeIf(k -> k.uid().equals(uid));
  }
}
