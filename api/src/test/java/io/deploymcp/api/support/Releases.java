package io.deploymcp.api.support;

import java.util.Map;
import java.util.UUID;

/**
 * Services with deployments that rolled out, for the publish and rollback tests. No worker runs
 * in the API tests: deploys are started through the API (their workflows stay pending) and
 * {@link WorkerStandIn} writes what the worker would have once their rollout succeeded or failed.
 */
public final class Releases {
  private final Db db;
  private final WorkerStandIn worker;

  public Releases(Db db) {
    this.db = db;
    this.worker = new WorkerStandIn(db);
  }

  /** A service created through the API, with its first (production, queued) deployment. */
  public record Service(String name, UUID id, UUID firstDeployment) {}

  public Service create(String stem) {
    String name = Names.unique(stem);
    var created =
        Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
            .then().statusCode(202).extract().jsonPath();
    return new Service(name, UUID.fromString(created.getString("id")), UUID.fromString(created.getString("deployment_id")));
  }

  /** A created service whose first deployment rolled out in production with image 0. */
  public Service withLiveProduction(String stem) {
    Service service = create(stem);
    worker.rollOut(service.firstDeployment(), sha(service.name(), 0), image(service.name(), 0));
    return service;
  }

  /** Starts a deploy through the API; it stays queued. */
  public UUID deploy(String name, String environment) {
    return UUID.fromString(
        Api.admin().body(Map.of("environment", environment)).post("/v1/services/" + name + "/deploys")
            .then().statusCode(202).extract().jsonPath().getString("id"));
  }

  /** A deploy that rolled out with image {@code n}: now the live deployment of its environment. */
  public UUID rolledOut(String name, String environment, int n) {
    UUID id = deploy(name, environment);
    worker.rollOut(id, sha(name, n), image(name, n));
    return id;
  }

  /** A deploy whose rollout failed (the live deployment stays). */
  public UUID failed(String name, String environment) {
    UUID id = deploy(name, environment);
    worker.enterPhase(id, "deploying");
    worker.failRollout(id, "CRASH_LOOP");
    return id;
  }

  public WorkerStandIn worker() {
    return worker;
  }

  public UUID live(UUID serviceId, String environment) {
    return (UUID) db.one(
        "select live_deployment_id from service_environments where service_id = ? and environment = ?",
        serviceId, environment);
  }

  public long deploymentsOf(UUID serviceId) {
    return db.count("select count(*) from deployments where service_id = ?", serviceId);
  }

  /** The image, by digest, deploy {@code n} of a service built. */
  public static String image(String name, int n) {
    return "127.0.0.1:5000/dp-default-default/" + name + "@sha256:" + hex64(name.hashCode() * 31L + n);
  }

  public static String sha(String name, int n) {
    return hex64(name.hashCode() * 17L + n).substring(0, 40);
  }

  private static String hex64(long seed) {
    StringBuilder out = new StringBuilder();
    java.util.Random random = new java.util.Random(seed);
    while (out.length() < 64) {
      out.append(Integer.toHexString(random.nextInt(16)));
    }
    return out.toString();
  }
}
