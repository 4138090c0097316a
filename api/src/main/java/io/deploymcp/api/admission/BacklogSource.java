package io.deploymcp.api.admission;

/** Where {@link DeployAdmission} reads the backlog from: the database in the API, a fake in its unit test. */
@FunctionalInterface
public interface BacklogSource {
  Backlog read();
}
