package io.deploymcp.kube.naming;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.spec.DeployEnvironment;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeNamesTest {
  @Test
  void namespaceIsDpTenantProjectWhenItFits() {
    assertThat(KubeNames.namespace("acme", "shop")).isEqualTo("dp-acme-shop");
    assertThat(KubeNames.namespace("default", "default")).isEqualTo("dp-default-default");
    assertThat(KubeNames.namespace("t1", "my-shop-2")).isEqualTo("dp-t1-my-shop-2");
  }

  @ParameterizedTest
  @CsvSource({
    // tenant, project
    "acme, a-thirty-character-project-nme",
    "averyveryverylongtenantnamethatgoesonandonandon, a-thirty-character-project-nme",
    "my-org, web",
    "Acme Corp, Shop",
    "acme, shop_1",
    "acme, -shop",
    "ünïcødé, 项目",
    "acme, a--b",
  })
  void anyTenantAndProjectGiveAValidNamespace(String tenant, String project) {
    String namespace = KubeNames.namespace(tenant, project);

    assertThat(DnsNames.isDns1123Label(namespace)).as(namespace).isTrue();
    assertThat(namespace).startsWith("dp-").hasSizeLessThanOrEqualTo(63);
    assertThat(KubeNames.namespace(tenant, project)).as("deterministic").isEqualTo(namespace);
  }

  @Test
  void longNamesAreShortenedWithAHashOfTheFullInput() {
    String tenant = "averyveryverylongtenantnamethatgoesonandonandonandonandon";
    String a = KubeNames.namespace(tenant, "project-one");
    String b = KubeNames.namespace(tenant, "project-two");

    assertThat(a).hasSizeLessThanOrEqualTo(63).startsWith("dp-averyveryverylongtenant").contains("--");
    assertThat(a.substring(a.indexOf("--") + 2)).matches("[0-9a-f]{16}");
    // Same readable prefix, different projects: the hash keeps them apart.
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void tenantsWithADashCannotShareANamespaceWithAnotherSplit() {
    // "dp-a-b-c" would be both (a, b-c) and (a-b, c).
    String readable = KubeNames.namespace("a", "b-c");
    String hashed = KubeNames.namespace("a-b", "c");

    assertThat(readable).isEqualTo("dp-a-b-c");
    assertThat(hashed).isNotEqualTo(readable).contains("--");
  }

  @Test
  void aProjectCannotBeNamedAfterAnotherTenantsHashedNamespace() {
    // A hashed namespace "dp-<t>-<p>--<hash>" would equal the readable name of tenant <t> with
    // project "<p>--<hash>"; a project with "--" therefore takes the hashed form itself.
    String victim = KubeNames.namespace("my-org", "web");
    String suffix = victim.substring("dp-my".length() + 1); // "org-web--<hash>"

    assertThat(KubeNames.namespace("my", suffix)).isNotEqualTo(victim);
  }

  @Test
  void distinctPairsGiveDistinctNamespaces() {
    Set<String> seen = new HashSet<>();
    for (int t = 0; t < 40; t++) {
      for (int p = 0; p < 40; p++) {
        seen.add(KubeNames.namespace("tenant-with-a-long-name-" + t, "project-with-a-long-name-" + p));
      }
    }
    assertThat(seen).hasSize(1600);
  }

  @Test
  void labelValuesAreKeptWhenValidAndHashedOtherwise() {
    assertThat(KubeNames.labelValue("acme")).isEqualTo("acme");
    assertThat(KubeNames.labelValue("Acme_Corp.1")).isEqualTo("Acme_Corp.1");
    String spaced = KubeNames.labelValue("Acme Corp");
    String long64 = KubeNames.labelValue("x".repeat(64));

    assertThat(DnsNames.isLabelValue(spaced)).isTrue();
    assertThat(spaced).startsWith("acme-corp--");
    assertThat(DnsNames.isLabelValue(long64)).isTrue();
    assertThat(long64).hasSize(63);
    assertThat(KubeNames.labelValue("a--b")).isNotEqualTo("a--b").contains("--");
  }

  @Test
  void fitKeepsShortNamesAndHashesLongOnes() {
    assertThat(KubeNames.fit("cool-api", 52)).isEqualTo("cool-api");
    String name = "a".repeat(30) + "-" + "b".repeat(30);
    String fitted = KubeNames.fit(name, 52);

    assertThat(fitted).hasSizeLessThanOrEqualTo(52).contains("--");
    assertThat(DnsNames.isDns1123Label(fitted)).isTrue();
    assertThat(KubeNames.fit(name + "c", 52)).isNotEqualTo(fitted);
  }

  @Test
  void productionObjectsAreNamedAfterTheService() {
    ServiceObjectNames names = ServiceObjectNames.of("cool-api", DeployEnvironment.PRODUCTION);

    assertThat(names)
        .isEqualTo(new ServiceObjectNames("cool-api", "cool-api", "cool-api-env", "cool-api"));
    assertThat(names.host("apps.example.com")).isEqualTo("cool-api.apps.example.com");
  }

  @Test
  void previewObjectsArePrefixed() {
    ServiceObjectNames names = ServiceObjectNames.of("cool-api", DeployEnvironment.PREVIEW);

    assertThat(names.workload()).isEqualTo("preview-cool-api");
    assertThat(names.envSecret()).isEqualTo("preview-cool-api-env");
    assertThat(names.host("apps.example.com")).isEqualTo("preview-cool-api.apps.example.com");
  }

  @Test
  void aLongServiceNameStillGivesValidPreviewAndCronJobNames() {
    String service = "s" + "-abcdefghi".repeat(6) + "xy"; // 63 characters
    assertThat(service).hasSize(63);

    ServiceObjectNames production = ServiceObjectNames.of(service, DeployEnvironment.PRODUCTION);
    ServiceObjectNames preview = ServiceObjectNames.of(service, DeployEnvironment.PREVIEW);

    assertThat(production.workload()).isEqualTo(service);
    assertThat(production.cronJob()).hasSizeLessThanOrEqualTo(DnsNames.CRON_JOB_MAX);
    assertThat(preview.workload()).hasSizeLessThanOrEqualTo(63).startsWith("preview-s-abc");
    assertThat(DnsNames.isDns1035Label(preview.workload())).isTrue();
    assertThat(preview.cronJob()).hasSizeLessThanOrEqualTo(DnsNames.CRON_JOB_MAX);
    assertThat(DnsNames.isDns1123Label(preview.cronJob())).isTrue();
    assertThat(DnsNames.isDns1123Subdomain(preview.envSecret())).isTrue();
    assertThat(DnsNames.isHostname(preview.host("apps.example.com"))).isTrue();
    // Two long services that differ only at the end keep distinct preview names.
    assertThat(ServiceObjectNames.of(service.substring(0, 62) + "z", DeployEnvironment.PREVIEW).workload())
        .isNotEqualTo(preview.workload());
  }

  @Test
  void cronJobNamesUpTo52CharactersAreKept() {
    String service = "c".repeat(52);
    assertThat(ServiceObjectNames.of(service, DeployEnvironment.PRODUCTION).cronJob()).isEqualTo(service);
    assertThat(ServiceObjectNames.of(service + "c", DeployEnvironment.PRODUCTION).cronJob()).hasSize(52);
  }
}
