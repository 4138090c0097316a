package io.deploymcp.kube.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceDeploymentSpecTest {
  @Test
  void acceptsTheUsualSpecs() {
    assertThat(Specs.web().build().healthCheck()).contains("/healthz");
    assertThat(Specs.worker().build().healthCheck()).isEmpty();
    assertThat(Specs.cron().schedule("@hourly").build().schedule()).isEqualTo("@hourly");
    assertThat(Specs.web().commitSha(null).build().commit()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cool-API", "1api", "api-", "a--b", "preview-api", "with space"})
  void rejectsServiceNamesThatCannotNameObjects(String service) {
    assertRejected(Specs.web().service(service), "service");
  }

  @Test
  void rejectsA64CharacterServiceName() {
    assertRejected(Specs.web().service("a".repeat(64)), "service");
  }

  @Test
  void rejectsImagesNotPinnedByDigest() {
    assertRejected(Specs.web().image("127.0.0.1:5000/dp-acme-shop/cool-api:latest"), "image");
    assertRejected(Specs.web().image("127.0.0.1:5000/dp-acme-shop/cool-api@sha256:abc"), "image");
  }

  @Test
  void cronNeedsAScheduleAndOnlyCronHasOne() {
    assertRejected(Specs.cron().schedule(null), "schedule");
    assertRejected(Specs.cron().schedule("every day"), "schedule");
    assertRejected(Specs.cron().schedule("CRON_TZ=UTC 0 * * * *"), "schedule");
    assertRejected(Specs.web().schedule("0 * * * *"), "schedule");
  }

  @Test
  void rejectsBadNumbersAndPaths() {
    assertRejected(Specs.web().port(0), "port");
    assertRejected(Specs.web().port(65536), "port");
    assertRejected(Specs.web().cpuMillis(0), "cpuMillis");
    assertRejected(Specs.web().memoryMib(-1), "memoryMib");
    assertRejected(Specs.web().healthCheckPath("healthz"), "healthCheckPath");
    assertRejected(Specs.web().healthCheckPath("/a b"), "healthCheckPath");
  }

  @Test
  void rejectsIdsThatCannotBeLabelValues() {
    assertRejected(Specs.web().deploymentId(""), "deploymentId");
    assertRejected(Specs.web().deploymentId("x".repeat(64)), "deploymentId");
    assertRejected(Specs.web().commitSha("not-hex"), "commitSha");
  }

  @Test
  void projectNeedsTenantAndProject() {
    assertThatThrownBy(() -> new ProjectRef(" ", "shop"))
        .isInstanceOf(InvalidKubeInputException.class)
        .extracting(e -> ((InvalidKubeInputException) e).field())
        .isEqualTo("tenant");
  }

  @Test
  void wireNamesRoundTrip() {
    for (ServiceKind kind : ServiceKind.values()) {
      assertThat(ServiceKind.fromWireName(kind.wireName())).isEqualTo(kind);
    }
    for (DeployEnvironment environment : DeployEnvironment.values()) {
      assertThat(DeployEnvironment.fromWireName(environment.wireName())).isEqualTo(environment);
    }
    assertThatThrownBy(() -> ServiceKind.fromWireName("WEB")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRejected(Specs specs, String field) {
    assertThatThrownBy(specs::build)
        .isInstanceOf(InvalidKubeInputException.class)
        .satisfies(e -> assertThat(((InvalidKubeInputException) e).field()).isEqualTo(field));
  }
}
