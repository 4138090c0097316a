package io.deploymcp.api.registrygc;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.WorkerStandIn;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Two tenants with services in every state the registry collector must respect, made through the
 * API (deploys stay pending: no worker runs) and the worker stand-in's writes.
 *
 * <p>Tenant one, service {@code a} (production d1..d4 rolled out images 1-4, preview rolled out
 * image 5, production d5 failed without an image, production d6 deploying with image 7): keeps
 * 4 (live production), 3 (rollback target), 5 (live preview), 7 (not terminal); with keep_last 2
 * the newest are 7 and 5. Images 1 and 2 are known and not kept.
 *
 * <p>Tenant two: service {@code b} (image 1 live, a second deploy building without an image:
 * busy), service {@code c} (image 1 live, then the service deleted), service {@code e} (image 1
 * live, a superseded deploy whose push is still in flight: busy although every row is terminal).
 */
final class GcWorld {
  final String tenantOne;
  final String tenantTwo;
  final String keyOne;
  final String keyTwo;
  final String a;
  final String b;
  final String c;
  final String e;
  final UUID[] aProduction = new UUID[7];
  final UUID aPreview;
  final UUID bBuilding;
  final UUID ePushing;

  private final Db db;
  private final WorkerStandIn worker;

  GcWorld(Db db) {
    this.db = db;
    this.worker = new WorkerStandIn(db);
    Tenants tenants = new Tenants(db);
    String run = Names.unique("gc").replace("-", "");
    tenantOne = run + "one";
    tenantTwo = run + "two";
    keyOne = tenants.newTenantWithKey(tenantOne, "admin");
    keyTwo = tenants.newTenantWithKey(tenantTwo, "admin");

    a = "a" + run;
    aProduction[1] = create(keyOne, a);
    worker.rollOut(aProduction[1], sha(1), image(tenantOne, a, 1));
    for (int n = 2; n <= 4; n++) {
      aProduction[n] = deploy(keyOne, a, "production");
      worker.rollOut(aProduction[n], sha(n), image(tenantOne, a, n));
    }
    aPreview = deploy(keyOne, a, "preview");
    worker.rollOut(aPreview, sha(5), image(tenantOne, a, 5));
    aProduction[5] = deploy(keyOne, a, "production");
    worker.enterPhase(aProduction[5], "building");
    worker.failWithoutBuildKit(aProduction[5]);
    aProduction[6] = deploy(keyOne, a, "production");
    worker.enterPhase(aProduction[6], "building");
    worker.recordImage(aProduction[6], image(tenantOne, a, 7));
    worker.enterPhase(aProduction[6], "deploying");

    b = "b" + run;
    worker.rollOut(create(keyTwo, b), sha(1), image(tenantTwo, b, 1));
    bBuilding = deploy(keyTwo, b, "production");
    worker.enterPhase(bBuilding, "building");

    c = "c" + run;
    worker.rollOut(create(keyTwo, c), sha(1), image(tenantTwo, c, 1));
    Api.as(keyTwo).delete("/v1/services/" + c).then().statusCode(202);

    e = "e" + run;
    worker.rollOut(create(keyTwo, e), sha(1), image(tenantTwo, e, 1));
    ePushing = deploy(keyTwo, e, "production");
    worker.enterPhase(ePushing, "building");
    db.update("insert into registry_gc_pushes (deployment_id, expires_at) values (?, now() + interval '35 minutes')", ePushing);
    db.update("update deployments set status = 'superseded', finished_at = now() where id = ?", ePushing);
  }

  String repository(String tenant, String service) {
    return "dp-" + tenant + "-default/" + service;
  }

  String digest(String tenant, String service, int n) {
    return image(tenant, service, n).substring(image(tenant, service, n).indexOf('@') + 1);
  }

  WorkerStandIn worker() {
    return worker;
  }

  static String image(String tenant, String service, int n) {
    return "127.0.0.1:5000/dp-" + tenant + "-default/" + service + "@sha256:" + hex(tenant + "/" + service + "/" + n, 64);
  }

  static String sha(int n) {
    return hex("commit-" + n, 40);
  }

  /** A digest the platform never recorded. */
  static String unknownDigest() {
    return "sha256:" + hex(UUID.randomUUID().toString(), 64);
  }

  private static String hex(String seed, int length) {
    Random random = new Random(seed.hashCode());
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      out.append(Integer.toHexString(random.nextInt(16)));
    }
    return out.toString();
  }

  private static UUID create(String key, String name) {
    return UUID.fromString(
        Api.as(key).body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
            .then().statusCode(202).extract().jsonPath().getString("deployment_id"));
  }

  private static UUID deploy(String key, String name, String environment) {
    return UUID.fromString(
        Api.as(key).body(Map.of("environment", environment)).post("/v1/services/" + name + "/deploys")
            .then().statusCode(202).extract().jsonPath().getString("id"));
  }
}
