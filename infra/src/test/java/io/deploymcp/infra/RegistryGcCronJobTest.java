package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.InfraSettings;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.infra.support.RequiredTool;
import io.deploymcp.infra.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/60-registry-gc.yml (issue 12 §2, docs/registry-gc.md) against the registry it collects
 * (k8s/10-registry.yml): nightly, never two at once, within the run's lease; collect → garbage-
 * collect → finish; the collector reads the storage read-only, garbage-collect writes the very
 * hostPath and reads the very configuration the registry serves, without --delete-untagged, and
 * that configuration has no blob descriptor cache. The garbage-collect step's script runs here
 * with sh against a stand-in {@code registry} binary that records its arguments. What a cluster
 * proves (scheduling next to the registry, the collector against the real API): docs/registry-gc.md.
 */
class RegistryGcCronJobTest {
  private static final String HANDOFF = "/run/registry-gc";
  private final InfraSettings settings = InfraSettings.defaults();
  private final List<KubeObject> manifests = InfraObjects.manifests();
  private final KubeObject cronJob = object("CronJob", "registry-gc");
  private final Map<String, Object> pod = cronJob.podSpec();
  private final Map<String, Object> registryPod = object("Deployment", "registry").podSpec();

  @TempDir Path scratch;

  @Test
  void runsNightlyOnceAtATimeWithinTheRunsLease() {
    assertThat(Yaml.at(cronJob.object(), "spec.schedule")).isEqualTo(settings.value("REGISTRY_GC_SCHEDULE")).isEqualTo("0 4 * * *");
    assertThat(Yaml.at(cronJob.object(), "spec.concurrencyPolicy")).isEqualTo("Forbid");
    // The platform's lease (DP_REGISTRY_GC_LEASE) is 30 minutes by default: pushes resume at expiry.
    assertThat((Integer) Yaml.at(cronJob.object(), "spec.jobTemplate.spec.activeDeadlineSeconds")).isLessThan(30 * 60);
    assertThat(Yaml.at(cronJob.object(), "spec.jobTemplate.spec.backoffLimit")).isEqualTo(0);
    assertThat(Yaml.at(pod, "restartPolicy")).isEqualTo("Never");
    assertThat(Yaml.at(pod, "automountServiceAccountToken")).isEqualTo(false);
  }

  @Test
  void collectThenGarbageCollectThenFinish() {
    assertThat(names(Yaml.list(pod, "initContainers"))).containsExactly("collect", "garbage-collect");
    assertThat(names(Yaml.list(pod, "containers"))).containsExactly("finish");
    Map<String, Object> collect = container("initContainers", "collect");
    Map<String, Object> finish = container("containers", "finish");

    assertThat(Yaml.list(collect, "args")).containsExactly("--handoff", HANDOFF);
    assertThat(Yaml.list(finish, "args")).containsExactly("--finish", HANDOFF);
    for (Map<String, Object> step : List.of(collect, finish)) {
      assertThat(step.get("image")).isEqualTo(settings.value("REGISTRY_GC_IMAGE"));
      assertThat(env(step, "DP_API_URL").get("value")).isEqualTo(settings.value("REGISTRY_GC_API_URL"));
      assertThat(Yaml.at(env(step, "DP_OPERATOR_TOKEN"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "deploy-mcp-operator-token", "key", "token"));
      assertThat(env(step, "DP_OPERATOR_TOKEN")).doesNotContainKey("value");
      assertThat(Yaml.at(step, "securityContext.runAsNonRoot")).isEqualTo(true);
      assertThat(Yaml.at(step, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
      assertThat(mount(step, HANDOFF)).isNotNull();
    }
    assertThat(env(collect, "DP_REGISTRY_GC_KEEP_LAST").get("value")).isEqualTo(settings.value("REGISTRY_GC_KEEP_LAST")).isEqualTo("2");
    assertThat(env(collect, "REGISTRY_HOST").get("value")).isEqualTo("registry.dp-system:5000");
    assertThat(Yaml.at(object("Service", "registry").object(), "spec.ports")).asString().contains("port=5000");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCollectorReadsTheStorageGarbageCollectWritesTheRegistrysOwn() {
    Map<String, Object> collect = container("initContainers", "collect");
    Map<String, Object> gc = container("initContainers", "garbage-collect");
    Map<String, Object> registry = (Map<String, Object>) Yaml.list(registryPod, "containers").getFirst();
    String storage = (String) env(collect, "REGISTRY_STORAGE_ROOT").get("value");

    Map<String, Object> collectorData = mount(collect, storage);
    assertThat(collectorData.get("name")).isEqualTo("data");
    assertThat(collectorData.get("readOnly")).isEqualTo(true);
    Map<String, Object> gcData = mount(gc, storage);
    assertThat(gcData.get("name")).isEqualTo("data");
    assertThat(gcData.get("readOnly")).as("garbage-collect deletes blobs").isNotEqualTo(true);
    assertThat(mount(registry, storage).get("name")).isEqualTo("data");
    assertThat(Yaml.at(volume(pod, "data"), "hostPath.path")).isEqualTo(Yaml.at(volume(registryPod, "data"), "hostPath.path"))
        .isEqualTo(settings.value("REGISTRY_DATA_PATH"));
    // The registry creates the directory; the job only works on one that exists.
    assertThat(Yaml.at(volume(pod, "data"), "hostPath.type")).isEqualTo("Directory");
    assertThat(gc.get("image")).isEqualTo(registry.get("image")).isEqualTo(settings.value("REGISTRY_IMAGE"));

    // One configuration for both: the file the registry serves is the one garbage-collect reads.
    assertThat(Yaml.at(volume(pod, "config"), "configMap.name")).isEqualTo("registry-config");
    assertThat(volume(pod, "config")).isEqualTo(volume(registryPod, "config"));
    String configFile = Yaml.at(mount(gc, "/etc/registry"), "mountPath") + "/config.yml";
    assertThat(Yaml.list(registry, "args")).containsExactly(configFile);
    assertThat(script()).contains("registry garbage-collect " + configFile).doesNotContain("delete-untagged").doesNotContain(" -m");
    Map<String, Object> config = Yaml.single((String) Yaml.map(object("ConfigMap", "registry-config").object(), "data").get("config.yml"));
    assertThat(Yaml.at(config, "storage.filesystem.rootdirectory")).isEqualTo(storage);
    assertThat(Yaml.at(config, "storage.delete.enabled")).isEqualTo(true);
    assertThat(Yaml.at(config, "storage.cache")).as("a blob descriptor cache outlives garbage-collect").isNull();
    assertThat(Yaml.at(config, "http.addr")).isEqualTo(":5000");
  }

  @Test
  @SuppressWarnings("unchecked")
  void sitsOnTheRegistrysNodeAndTheRegistryAdmitsIt() {
    Map<String, Object> term = (Map<String, Object>) Yaml.list(pod, "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution").getFirst();
    assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
    Map<String, Object> registryLabels = Yaml.map(object("Deployment", "registry").object(), "spec.template.metadata.labels");
    assertThat(registryLabels).containsAllEntriesOf(Yaml.map(term, "labelSelector.matchLabels"));
    assertThat(Yaml.map(cronJob.object(), "spec.jobTemplate.spec.template.metadata.labels"))
        .containsEntry("app.kubernetes.io/name", "deploy-mcp").containsEntry("app.kubernetes.io/component", "registry-gc");
  }

  @Test
  void theGarbageCollectStepRunsOnlyAfterAGrantedSweepAndAlwaysLetsFinishRun() throws Exception {
    Path sh = RequiredTool.require("sh", "Debian: dash");
    Path handoff = Files.createDirectory(scratch.resolve("handoff"));
    Path bin = Files.createDirectory(scratch.resolve("bin"));
    Path calls = scratch.resolve("calls");
    // The stand-in registry binary: records its arguments, exits with STUB_EXIT.
    Path stub = bin.resolve("registry");
    Files.writeString(stub, "#!/bin/sh\necho \"$@\" >> " + calls + "\nexit ${STUB_EXIT:-0}\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    String script = script().replace(HANDOFF, handoff.toString());

    // No granted sweep (the collector wrote no handoff/sweep): garbage-collect does not run.
    RequiredTool.Result none = runScript(sh, script, bin, "0");
    assertThat(none.exitCode()).isZero();
    assertThat(none.output()).contains("no blob sweep tonight");
    assertThat(calls).doesNotExist();
    assertThat(handoff.resolve("gc-exit")).doesNotExist();

    Files.writeString(handoff.resolve("sweep"), "7d0c6a36-3f39-4b7e-9a53-2b6b2f7f0a11\n");
    RequiredTool.Result ran = runScript(sh, script, bin, "0");
    assertThat(ran.exitCode()).isZero();
    assertThat(Files.readString(calls).strip()).isEqualTo("garbage-collect /etc/registry/config.yml");
    assertThat(Files.readString(handoff.resolve("gc-exit")).strip()).isEqualTo("0");

    // garbage-collect fails: the step still exits 0 (finish ends the run) and hands the status on.
    RequiredTool.Result failed = runScript(sh, script, bin, "3");
    assertThat(failed.exitCode()).isZero();
    assertThat(Files.readString(handoff.resolve("gc-exit")).strip()).isEqualTo("3");
  }

  private RequiredTool.Result runScript(Path sh, String script, Path bin, String stubExit) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(sh.toString(), "-c", script).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    builder.environment().put("STUB_EXIT", stubExit);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new RequiredTool.Result(process.exitValue(), output);
  }

  private String script() {
    List<Object> command = Yaml.list(container("initContainers", "garbage-collect"), "command");
    assertThat(command.subList(0, 2)).containsExactly("/bin/sh", "-c");
    return (String) command.get(2);
  }

  private KubeObject object(String kind, String name) {
    return manifests.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in infra/k8s"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> container(String list, String name) {
    return Yaml.list(pod, list).stream().map(c -> (Map<String, Object>) c).filter(c -> name.equals(c.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + list + " " + name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Object> container, String name) {
    return Yaml.list(container, "env").stream().map(e -> (Map<String, Object>) e).filter(e -> name.equals(e.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no env " + name + " in " + container.get("name")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mount(Map<String, Object> container, String path) {
    return Yaml.list(container, "volumeMounts").stream().map(m -> (Map<String, Object>) m)
        .filter(m -> path.equals(m.get("mountPath"))).findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + path + " in " + container.get("name")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> volume(Map<String, Object> podSpec, String name) {
    return Yaml.list(podSpec, "volumes").stream().map(v -> (Map<String, Object>) v).filter(v -> name.equals(v.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(List<Object> containers) {
    return containers.stream().map(c -> (String) ((Map<String, Object>) c).get("name")).toList();
  }
}
