package io.deploymcp.kubestandin.kubelet;

import io.deploymcp.kubestandin.apiserver.ContainerLogs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet (and scheduler) part of the stand-in: binds a new pod to the one stand-in node,
 * "starts" its containers according to their {@link PodBehaviour} and reports what a kubelet
 * would: container states, restarts, readiness, events and log lines. Timed steps (a crash after
 * a while, a back-off, a late readiness) are scheduled on the stand-in's single thread; every
 * method here runs on it.
 */
final class PodLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PodLifecycle.class);

  private final KubernetesClient client;
  private final ContainerLogs logs;
  private final EventRecorder events;
  private final BehaviourResolver resolver;
  private final KubeletStandIn.Timing timing;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final Map<String, PodRun> runs = new HashMap<>();
  private int nextIp = 1;

  PodLifecycle(KubernetesClient client, ContainerLogs logs, EventRecorder events, BehaviourResolver resolver,
      KubeletStandIn.Timing timing, Clock clock, ScheduledExecutorService thread) {
    this.client = client;
    this.logs = logs;
    this.events = events;
    this.resolver = resolver;
    this.timing = timing;
    this.clock = clock;
    this.thread = thread;
  }

  /** A pod appeared (or changed): start it once. */
  void seen(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (runs.containsKey(uid) || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    PodRun run = new PodRun(pod);
    runs.put(uid, run);
    String namespace = run.namespace();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    for (Container container : pod.getSpec().getContainers()) {
      run.containers.add(new PodRun.ContainerRun(container,
          resolver.resolve(namespace, annotations, container)));
    }
    Optional<String> unschedulable = run.containers.stream()
        .filter(c -> c.behaviour instanceof PodBehaviour.Unschedulable)
        .map(c -> ((PodBehaviour.Unschedulable) c.behaviour).message())
        .findFirst();
    if (unschedulable.isPresent()) {
      run.unschedulable = unschedulable.get();
      write(run);
      events.warning(pod, null, "default-scheduler", "FailedScheduling", run.unschedulable);
      return;
    }
    if (!bind(run)) {
      return;
    }
    run.scheduled = true;
    run.podIp = "10.42." + (nextIp / 250) % 250 + "." + (nextIp % 250 + 2);
    nextIp++;
    run.startTime = Times.format(clock.instant());
    events.normal(pod, null, "default-scheduler", "Scheduled",
        "Successfully assigned " + namespace + "/" + run.name() + " to " + KubeletStandIn.NODE_NAME);
    write(run);
    later(run, timing.podStartup(), () -> {
      run.containers.forEach(c -> start(run, c));
      write(run);
    });
  }

  /** The pod is gone: stop its timers, drop its logs. */
  void gone(String namespace, String name, String uid) {
    PodRun run = runs.remove(uid);
    if (run != null) {
      run.timers.forEach(t -> t.cancel(false));
    }
    logs.forget(namespace, name);
    events.forget(uid);
  }

  private boolean bind(PodRun run) {
    try {
      client.pods().inNamespace(run.namespace()).resource(run.pod)
          .patch(PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/spec/nodeName\",\"value\":\"" + KubeletStandIn.NODE_NAME + "\"}]");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        gone(run.namespace(), run.name(), run.uid());
        return false;
      }
      throw e;
    }
  }

  private void start(PodRun run, PodRun.ContainerRun c) {
    PodBehaviour behaviour = c.behaviour;
    if (!(behaviour instanceof PodBehaviour.ImagePullFailure)) {
      // The kubelet pulls first, then builds the container's environment: a missing Secret or
      // ConfigMap fails every container that is not already failing its pull.
      Optional<String> missing = resolver.missingConfiguration(run.namespace(), c.spec);
      if (missing.isPresent()) {
        behaviour = new PodBehaviour.ConfigError(missing.get());
      }
    }
    switch (behaviour) {
      case PodBehaviour.Healthy healthy -> {
        runInstance(run, c, List.of("[kube-standin] " + c.name() + " started"));
        c.ready = true;
      }
      case PodBehaviour.ReadyAfter readyAfter -> {
        runInstance(run, c, List.of("[kube-standin] " + c.name() + " started"));
        later(run, readyAfter.delay(), () -> {
          c.ready = true;
          write(run);
        });
      }
      case PodBehaviour.Slow slow -> runInstance(run, c, List.of("[kube-standin] " + c.name() + " starting slowly"));
      case PodBehaviour.ProbeFailure probe -> {
        runInstance(run, c, List.of("[kube-standin] " + c.name() + " started"));
        events.warning(run.pod, c.fieldPath(), "kubelet", "Unhealthy",
            "Readiness probe failed: " + probeFailure(c.spec.getReadinessProbe(), probe.statusCode(), run.podIp));
      }
      case PodBehaviour.ImagePullFailure pull -> pullFails(run, c, pull);
      case PodBehaviour.ConfigError config -> {
        events.normal(run.pod, c.fieldPath(), "kubelet", "Pulled",
            "Container image \"" + c.image() + "\" already present on machine");
        events.warning(run.pod, c.fieldPath(), "kubelet", "Failed", "Error: " + config.message());
        c.state = PodRun.waiting("CreateContainerConfigError", config.message());
      }
      case PodBehaviour.CrashLoop crash -> crashLoop(run, c, crash.exitCode(), "Error", crash.logLines());
      case PodBehaviour.OomKilled oom -> crashLoop(run, c, 137, "OOMKilled", oom.logLines());
      // Pod-level outcomes (handled before any container starts); a pod created by hand with
      // one of these simply runs.
      case PodBehaviour.Unschedulable u -> runInstanceReady(run, c);
      case PodBehaviour.QuotaExceeded q -> runInstanceReady(run, c);
    }
  }

  private void runInstanceReady(PodRun run, PodRun.ContainerRun c) {
    runInstance(run, c, List.of("[kube-standin] " + c.name() + " started"));
    c.ready = true;
  }

  private void runInstance(PodRun run, PodRun.ContainerRun c, List<String> lines) {
    String now = Times.format(clock.instant());
    events.normal(run.pod, c.fieldPath(), "kubelet", "Pulled",
        "Container image \"" + c.image() + "\" already present on machine");
    events.normal(run.pod, c.fieldPath(), "kubelet", "Created", "Created container: " + c.name());
    events.normal(run.pod, c.fieldPath(), "kubelet", "Started", "Started container " + c.name());
    c.containerId = "containerd://" + HexFormat.of().formatHex(randomBytes(32));
    c.startedAt = now;
    c.state = PodRun.running(now);
    c.everStarted = true;
    logs.started(run.namespace(), run.name(), c.name(), lines);
  }

  private void crashLoop(PodRun run, PodRun.ContainerRun c, int exitCode, String reason, List<String> lines) {
    runInstance(run, c, lines);
    later(run, timing.restartBackoff(), () -> crash(run, c, exitCode, reason, lines));
  }

  private void crash(PodRun run, PodRun.ContainerRun c, int exitCode, String reason, List<String> lines) {
    String now = Times.format(clock.instant());
    c.lastState = PodRun.terminated(exitCode, reason, c.startedAt, now, c.containerId);
    c.restartCount++;
    c.ready = false;
    long backoffSeconds = Math.min(300, 10L << Math.min(5, c.restartCount - 1));
    String podRef = run.name() + "_" + run.namespace() + "(" + run.uid() + ")";
    c.state = PodRun.waiting("CrashLoopBackOff",
        "back-off " + backoffSeconds + "s restarting failed container=" + c.name() + " pod=" + podRef);
    logs.terminated(run.namespace(), run.name(), c.name());
    events.warning(run.pod, c.fieldPath(), "kubelet", "BackOff",
        "Back-off restarting failed container " + c.name() + " in pod " + podRef);
    write(run);
    if (c.restartCount < timing.maxRestarts()) {
      later(run, timing.restartBackoff(), () -> {
        runInstance(run, c, lines);
        write(run);
        later(run, timing.restartBackoff(), () -> crash(run, c, exitCode, reason, lines));
      });
    }
  }

  private void pullFails(PodRun run, PodRun.ContainerRun c, PodBehaviour.ImagePullFailure pull) {
    String image = c.image();
    String message = pull.message() != null ? pull.message()
        : "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image
            + "\": failed to resolve reference \"" + image + "\": " + image + ": not found";
    events.normal(run.pod, c.fieldPath(), "kubelet", "Pulling", "Pulling image \"" + image + "\"");
    events.warning(run.pod, c.fieldPath(), "kubelet", "Failed", "Failed to pull image \"" + image + "\": " + message);
    events.warning(run.pod, c.fieldPath(), "kubelet", "Failed", "Error: ErrImagePull");
    c.state = PodRun.waiting("ErrImagePull", message);
    later(run, timing.restartBackoff(), () -> {
      c.state = PodRun.waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
      events.normal(run.pod, c.fieldPath(), "kubelet", "BackOff", "Back-off pulling image \"" + image + "\"");
      events.warning(run.pod, c.fieldPath(), "kubelet", "Failed", "Error: ImagePullBackOff");
      write(run);
    });
  }

  /** The probe failure text a kubelet writes for this probe. */
  private static String probeFailure(Probe probe, int statusCode, String podIp) {
    if (probe != null && probe.getTcpSocket() != null) {
      Object port = probe.getTcpSocket().getPort() == null ? "" : probe.getTcpSocket().getPort().getValue();
      return "dial tcp " + podIp + ":" + port + ": connect: connection refused";
    }
    return "HTTP probe failed with statuscode: " + statusCode;
  }

  private void later(PodRun run, Duration delay, Runnable step) {
    if (thread.isShutdown()) {
      return; // the stand-in is closing: scripted time stops
    }
    run.timers.add(thread.schedule(() -> {
      if (runs.get(run.uid()) != run) {
        return; // deleted meanwhile
      }
      try {
        step.run();
      } catch (RuntimeException e) {
        if (!thread.isShutdown()) {
          log.warn("kubelet stand-in step failed for pod {}/{}", run.namespace(), run.name(), e);
        }
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS));
    run.timers.removeIf(f -> f.isDone());
  }

  private void write(PodRun run) {
    String json = Serialization.asJson(run.status(clock.instant()));
    if (json.equals(run.lastWritten)) {
      return;
    }
    try {
      client.pods().inNamespace(run.namespace()).resource(run.pod).subresource("status")
          .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json + "}]");
      run.lastWritten = json;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        gone(run.namespace(), run.name(), run.uid());
      } else {
        throw e;
      }
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
