package io.deploymcp.api.degraded;

import io.deploymcp.api.support.TestStack;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Temporal unreachable, a tiny rate-limit bucket, a tenant backlog bound of 3 deployments and no
 * operator token: the paths a healthy stack never takes.
 */
public class DegradedProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(TestStack.class, Map.of("temporal", "down", "burst", "5", "rps", "1", "operator", "none", "active-per-tenant", "3", "backlog-ttl", "0s")));
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }
}
