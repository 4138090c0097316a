package io.deploymcp.workflows.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every activity call (each retry attempt is one call), in the order the fakes saw them. */
public final class CallLog {
  /** One call: the activity, the deployment or service id it was about, and its argument. */
  public record Call(String step, UUID subject, String detail) {}

  private final List<Call> calls = new ArrayList<>();

  synchronized void add(String step, UUID subject, String detail) {
    calls.add(new Call(step, subject, detail));
  }

  public synchronized List<Call> all() {
    return List.copyOf(calls);
  }

  /** The calls about one deployment (or service), rendered as {@code step} or {@code step:detail}. */
  public synchronized List<String> steps(UUID subject) {
    List<String> out = new ArrayList<>();
    for (Call call : calls) {
      if (call.subject().equals(subject)) {
        out.add(call.detail() == null ? call.step() : call.step() + ":" + call.detail());
      }
    }
    return out;
  }

  public synchronized long count(String step, UUID subject) {
    return calls.stream().filter(c -> c.step().equals(step) && c.subject().equals(subject)).count();
  }

  public synchronized int indexOf(String step, UUID subject) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).step().equals(step) && calls.get(i).subject().equals(subject)) {
        return i;
      }
    }
    return -1;
  }
}
