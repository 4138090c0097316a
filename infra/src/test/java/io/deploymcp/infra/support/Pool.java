package io.deploymcp.infra.support;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The node pools of seed 001 §2: nodes labelled pool=<name>; only ops and build carry the taint
 * pool=<name>:NoSchedule (seed §0 "Taints deadlock kube-system pods").
 */
public enum Pool {
  CTRL(false),
  OPS(true),
  BUILD(true),
  RUN(false);

  private final boolean tainted;

  Pool(boolean tainted) {
    this.tainted = tainted;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean tainted() {
    return tainted;
  }

  /** Whether these tolerations let a pod onto this pool's nodes (trivially so for an untainted pool). */
  public boolean toleratedBy(List<Object> tolerations) {
    if (!tainted) {
      return true;
    }
    if (tolerations == null) {
      return false;
    }
    for (Object t : tolerations) {
      if (!(t instanceof Map<?, ?> toleration)) {
        continue;
      }
      Object key = toleration.get("key");
      Object operator = toleration.get("operator") == null ? "Equal" : toleration.get("operator");
      Object effect = toleration.get("effect");
      boolean effectOk = effect == null || "NoSchedule".equals(effect);
      boolean keyOk = key == null ? "Exists".equals(operator) : "pool".equals(key);
      boolean valueOk = "Exists".equals(operator) || Objects.equals(label(), toleration.get("value"));
      if (effectOk && keyOk && valueOk) {
        return true;
      }
    }
    return false;
  }
}
