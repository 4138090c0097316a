package io.deploymcp.kubestandin.apiserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container output the stand-in serves at {@code GET pods/{name}/log}: the lines of the current
 * instance of each container and of the previous (terminated) one, which a real kubelet keeps
 * for {@code ?previous=true}. The kubelet stand-in writes here; nothing runs, so these are the
 * scripted lines, not real output.
 */
public final class ContainerLogs {

  record Key(String namespace, String pod, String container) {}

  private record Instances(List<String> current, List<String> previous) {}

  private final Map<Key, Instances> logs = new ConcurrentHashMap<>();

  /** A container instance started and printed {@code lines}. */
  public void started(String namespace, String pod, String container, List<String> lines) {
    logs.compute(new Key(namespace, pod, container), (k, old) ->
        new Instances(List.copyOf(lines), old == null ? null : old.previous()));
  }

  /**
   * The current instance exited: its lines are now also the previous instance's. Until the next
   * start, the current log is still the dead instance's, as a kubelet answers for a container in
   * CrashLoopBackOff.
   */
  public void terminated(String namespace, String pod, String container) {
    logs.computeIfPresent(new Key(namespace, pod, container), (k, old) -> new Instances(old.current(), old.current()));
  }

  public Optional<List<String>> current(String namespace, String pod, String container) {
    return Optional.ofNullable(logs.get(new Key(namespace, pod, container))).map(Instances::current);
  }

  public Optional<List<String>> previous(String namespace, String pod, String container) {
    return Optional.ofNullable(logs.get(new Key(namespace, pod, container))).map(Instances::previous);
  }

  /** The pod is gone, and so are its logs. */
  public void forget(String namespace, String pod) {
    logs.keySet().removeIf(k -> k.namespace().equals(namespace) && k.pod().equals(pod));
  }
}
