package io.deploymcp.worker.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.kube.rollout.RolloutProgress;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends a deployment's rollout progress to {@code deployment_events} (migration V12) for its
 * live event stream: the ready count, the desired count and each pod's phase and reason, as the
 * rollout watch reports them. Phase changes and the result come from V12's trigger on the
 * deployments row; this is the one kind only the worker knows. {@link Recorder} writes only when
 * what a watcher would see changed, so a rollout that waits a minute appends a few rows, not
 * sixty.
 */
@Component
public class RolloutEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient db;

  public RolloutEvents(JdbcClient db) {
    this.db = db;
  }

  /** A recorder for one rollout watch; {@code mask} masks the service's secret values. */
  public Recorder recorder(UUID deploymentId, UnaryOperator<String> mask) {
    return new Recorder(deploymentId, mask);
  }

  void append(UUID deploymentId, RolloutProgress progress, UnaryOperator<String> mask) {
    ObjectNode data = JSON.createObjectNode();
    data.put("ready", progress.ready());
    data.put("desired", progress.desired());
    ArrayNode pods = data.putArray("pods");
    for (RolloutProgress.Pod pod : progress.pods()) {
      ObjectNode p = pods.addObject();
      p.put("name", pod.name());
      p.put("phase", pod.phase());
      p.put("ready", pod.ready());
      p.put("restarts", pod.restarts());
      p.put("reason", pod.reason());
    }
    data.put("status", mask.apply(progress.status()));
    try {
      db.sql("select dp_append_deployment_event(:id, 'rollout', cast(:data as jsonb))")
          .param("id", deploymentId)
          .param("data", JSON.writeValueAsString(data))
          .query(Long.class)
          .single();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rollout progress does not serialize", e);
    }
  }

  /** Remembers the last progress written for one watch (the watch calls it from one thread). */
  public final class Recorder {
    private final UUID deploymentId;
    private final UnaryOperator<String> mask;
    private RolloutProgress last;

    private Recorder(UUID deploymentId, UnaryOperator<String> mask) {
      this.deploymentId = deploymentId;
      this.mask = mask;
    }

    public void record(RolloutProgress progress) {
      if (progress.sameAs(last)) {
        return;
      }
      append(deploymentId, progress, mask);
      last = progress;
    }
  }
}
