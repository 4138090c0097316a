package io.deploymcp.worker;

import io.deploymcp.lifeline.LauncherLifeline;
import io.deploymcp.worker.host.WorkerHostId;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker process: polls the task queue for deploy and delete workflows and runs their
 * activities. Workers, task queue and connection come from application.properties.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {
  public static void main(String[] args) {
    // Under bin/local-stack: a launcher killed with SIGKILL must not leave the worker polling.
    // System.exit runs Spring's shutdown hook, which drains activities as SIGTERM does.
    LauncherLifeline.watch(System.getenv(), () -> {
      System.err.println("the launcher (pid " + System.getenv(LauncherLifeline.VARIABLE) + ") is gone; shutting down");
      System.exit(0);
    });
    WorkerHostId.assignIfAbsent();
    SpringApplication.run(WorkerApplication.class, args);
  }
}
