package io.deploymcp.api.lifecycle;

import io.deploymcp.lifeline.LauncherLifeline;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Under {@code bin/local-stack} (DP_LAUNCHER_PID set): when the launcher is gone, e.g. killed
 * with SIGKILL, the API shuts down as on SIGTERM instead of living on as an orphan holding the
 * port (the lifeline module).
 */
@Singleton
public class LauncherWatch {
  private static final Logger LOG = Logger.getLogger(LauncherWatch.class);

  void start(@Observes StartupEvent event) {
    LauncherLifeline.watch(System.getenv(), () -> {
      LOG.warnf("the launcher (pid %s) is gone; shutting down", System.getenv(LauncherLifeline.VARIABLE));
      Quarkus.asyncExit(0);
    });
  }
}
