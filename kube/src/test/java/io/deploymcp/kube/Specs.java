package io.deploymcp.kube;

import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import java.util.Map;
import java.util.TreeMap;

/** Test builder of deployment specs: a web service with a health path unless told otherwise. */
public final class Specs {
  public static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  public static final String IMAGE = "127.0.0.1:5000/dp-acme-shop/cool-api@" + DIGEST;
  public static final String DEPLOYMENT_ID = "0b9f3c2e-5d1a-4f7e-9c3b-2a1d0e8f7a6b";
  public static final String COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";

  /** Env values as a test passes them: obviously fake, never real secrets. */
  public static Map<String, String> placeholderEnv() {
    Map<String, String> env = new TreeMap<>();
    env.put("DATABASE_URL", "placeholder-database-url");
    env.put("API_TOKEN", "placeholder-api-token");
    return env;
  }

  private ProjectRef project = new ProjectRef("acme", "shop");
  private String service = "cool-api";
  private ServiceKind kind = ServiceKind.WEB;
  private String schedule;
  private int port = 8080;
  private int cpuMillis = 250;
  private int memoryMib = 256;
  private String healthCheckPath = "/healthz";
  private DeployEnvironment environment = DeployEnvironment.PRODUCTION;
  private String image = IMAGE;
  private String deploymentId = DEPLOYMENT_ID;
  private String commitSha = COMMIT;

  public static Specs web() {
    return new Specs();
  }

  public static Specs worker() {
    return new Specs().service("queue-worker").kind(ServiceKind.WORKER).healthCheckPath(null);
  }

  public static Specs cron() {
    return new Specs()
        .service("nightly-report")
        .kind(ServiceKind.CRON)
        .schedule("30 2 * * *")
        .healthCheckPath(null);
  }

  public Specs project(String tenant, String project) {
    this.project = new ProjectRef(tenant, project);
    return this;
  }

  public Specs service(String service) {
    this.service = service;
    return this;
  }

  public Specs kind(ServiceKind kind) {
    this.kind = kind;
    return this;
  }

  public Specs schedule(String schedule) {
    this.schedule = schedule;
    return this;
  }

  public Specs port(int port) {
    this.port = port;
    return this;
  }

  public Specs cpuMillis(int cpuMillis) {
    this.cpuMillis = cpuMillis;
    return this;
  }

  public Specs memoryMib(int memoryMib) {
    this.memoryMib = memoryMib;
    return this;
  }

  public Specs healthCheckPath(String path) {
    this.healthCheckPath = path;
    return this;
  }

  public Specs preview() {
    this.environment = DeployEnvironment.PREVIEW;
    return this;
  }

  public Specs image(String image) {
    this.image = image;
    return this;
  }

  public Specs deploymentId(String id) {
    this.deploymentId = id;
    return this;
  }

  public Specs commitSha(String sha) {
    this.commitSha = sha;
    return this;
  }

  public ServiceDeploymentSpec build() {
    return new ServiceDeploymentSpec(
        project,
        service,
        kind,
        schedule,
        port,
        cpuMillis,
        memoryMib,
        healthCheckPath,
        environment,
        image,
        deploymentId,
        commitSha);
  }
}
