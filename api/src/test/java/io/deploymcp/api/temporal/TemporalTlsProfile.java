package io.deploymcp.api.temporal;

import io.deploymcp.api.support.TestStack;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Temporal behind a TLS-only endpoint (mTLS and an API key); the log also goes to a file to read. */
public class TemporalTlsProfile implements QuarkusTestProfile {
  static final String LOG_FILE = "target/temporal-tls-api.log";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG_FILE);
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(TestStack.class, Map.of("temporal", "tls")));
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }
}
