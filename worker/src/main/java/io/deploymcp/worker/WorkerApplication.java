package io.deploymcp.worker;

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
    WorkerHostId.assignIfAbsent();
    SpringApplication.run(WorkerApplication.class, args);
  }
}
