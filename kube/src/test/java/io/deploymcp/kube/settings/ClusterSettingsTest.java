package io.deploymcp.kube.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.InvalidKubeInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClusterSettingsTest {
  @Test
  void defaultsAreTheSeedsExceptAQuotaThatHoldsTheLargestService() {
    ClusterSettings settings = ClusterSettings.defaults("apps.example.com");

    assertThat(settings.runtimeClass()).contains("gvisor");
    assertThat(settings.ingressClass()).contains("traefik");
    assertThat(settings.ingressTls()).isEqualTo(IngressTls.DEFAULT_CERTIFICATE);
    assertThat(settings.fieldManager()).isEqualTo("deploy-mcp");
    assertThat(settings.quota()).isEqualTo(new QuotaSettings(20, "8", "16Gi", "8", "16Gi"));
    assertThat(settings.network().traefikNamespace()).isEqualTo("dp-system");
  }

  @Test
  void onlyTheOperatorSwitchDropsTheSandbox() {
    assertRejected(() -> ClusterSettings.builder("apps.example.com").runtimeClassName("").build(), "runtimeClassName");
    assertRejected(() -> ClusterSettings.builder("apps.example.com").runtimeClassName(null).build(), "runtimeClassName");

    ClusterSettings disabled = ClusterSettings.builder("apps.example.com").sandboxDisabled(true).build();
    assertThat(disabled.runtimeClass()).isEmpty();
  }

  @Test
  void rejectsBadDomainsAndNames() {
    assertRejected(() -> ClusterSettings.defaults("Apps.Example.com"), "appsDomain");
    assertRejected(() -> ClusterSettings.defaults("apps_example.com"), "appsDomain");
    assertRejected(() -> ClusterSettings.defaults("a." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63)), "appsDomain");
    assertRejected(() -> ClusterSettings.builder("apps.example.com").ingressClassName("Traefik").build(), "ingressClassName");
    assertRejected(() -> ClusterSettings.builder("apps.example.com").podSecurityVersion("1.30").build(), "podSecurityVersion");
    assertRejected(() -> ClusterSettings.builder("apps.example.com").fieldManager("").build(), "fieldManager");
    assertRejected(() -> ClusterSettings.builder("apps.example.com").tmpSizeLimit("lots").build(), "tmpSizeLimit");
    assertRejected(
        () -> ClusterSettings.builder("apps.example.com").ingressAnnotations(Map.of("bad key", "v")).build(),
        "ingressAnnotations");
  }

  @Test
  void egressAlwaysDeniesPrivateRangesAndMetadata() {
    NetworkSettings network =
        new NetworkSettings(
            "dp-system",
            Map.of("app.kubernetes.io/name", "traefik"),
            List.of(),
            "kube-system",
            Map.of("k8s-app", "kube-dns"),
            List.of(Cidr.parse("203.0.113.10"), Cidr.parse("10.0.0.0/8")));

    List<Cidr> denied = network.egressDenyCidrs();

    assertThat(denied).startsWith(NetworkSettings.ALWAYS_DENIED.toArray(Cidr[]::new));
    assertThat(denied).containsOnlyOnce(new Cidr("10.0.0.0/8"));
    assertThat(denied).endsWith(new Cidr("203.0.113.10/32"));
    for (String address :
        List.of("10.0.1.10", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "169.254.169.254", "203.0.113.10")) {
      assertThat(denied.stream().anyMatch(c -> c.contains(address))).as(address).isTrue();
    }
    for (String address : List.of("1.1.1.1", "172.32.0.1", "100.128.0.1", "8.8.8.8")) {
      assertThat(denied.stream().anyMatch(c -> c.contains(address))).as(address).isFalse();
    }
  }

  @Test
  void rejectsNetworkSettingsThatWouldOpenTooMuch() {
    assertRejected(
        () -> new NetworkSettings("dp-system", Map.of(), List.of(), "kube-system", Map.of(), List.of()),
        "network.dnsPodLabels");
    assertRejected(
        () ->
            new NetworkSettings(
                "dp-system", Map.of(), List.of(), "kube-system", Map.of("k8s-app", "kube-dns"), List.of(Cidr.parse("0.0.0.0/0"))),
        "network.egressDenyExtraCidrs");
    assertRejected(
        () -> new NetworkSettings("DP", Map.of(), List.of(), "kube-system", Map.of("k8s-app", "kube-dns"), List.of()),
        "network.traefikNamespace");
  }

  @Test
  void cidrsAreCanonicalIpv4Blocks() {
    assertThat(Cidr.parse(" 203.0.113.10 ").value()).isEqualTo("203.0.113.10/32");
    assertThat(Cidr.parse("10.0.0.0/8").prefixLength()).isEqualTo(8);
    assertRejected(() -> Cidr.parse("10.0.0.1/8"), "cidr");
    assertRejected(() -> Cidr.parse("256.0.0.0/8"), "cidr");
    assertRejected(() -> Cidr.parse("10.0.0.0/33"), "cidr");
    assertRejected(() -> Cidr.parse("010.0.0.0/8"), "cidr");
    assertRejected(() -> Cidr.parse("fd00::/8"), "cidr");
    assertRejected(() -> Cidr.parse("example.com"), "cidr");
  }

  @Test
  void quantitiesAreCheckedAndLimitRangesConsistent() {
    assertRejected(() -> new QuotaSettings(0, "4", "4Gi", "8", "8Gi"), "quota.pods");
    assertRejected(() -> new QuotaSettings(20, "four", "4Gi", "8", "8Gi"), "quota.requestsCpu");
    assertRejected(() -> new QuotaSettings(20, "4", "-4Gi", "8", "8Gi"), "quota.requestsMemory");
    assertRejected(() -> new LimitRangeSettings("250m", "256Mi", "500m", "256Mi", "4", "8Gi"), "limitRange");
    assertRejected(() -> new LimitRangeSettings("8", "256Mi", "250m", "256Mi", "4", "8Gi"), "limitRange");
  }

  @Test
  void theDefaultsHoldTheLargestServiceTheApiAcceptsAndItsRollingUpdate() {
    ClusterSettings defaults = ClusterSettings.defaults("apps.example.com");

    assertThat(LargestService.API_DEFAULT.cannotRun(defaults)).isEmpty();
    assertThat(LargestService.API_DEFAULT.cannotRollOut(defaults)).isEmpty();
  }

  @Test
  void theSeedsQuotaCannotRunAnEightGiServiceAndCannotRollAFourCpuOne() {
    ClusterSettings seed = ClusterSettings.builder("apps.example.com")
        .quota(new QuotaSettings(20, "4", "4Gi", "8", "8Gi")).build();

    assertThat(LargestService.API_DEFAULT.cannotRun(seed))
        .containsExactly(new LargestService.Shortfall("quota.requestsMemory", "4Gi", "8Gi"));
    assertThat(LargestService.API_DEFAULT.cannotRollOut(seed))
        .containsExactly(
            new LargestService.Shortfall("quota.requestsCpu", "4", "8"),
            new LargestService.Shortfall("quota.limitsMemory", "8Gi", "16Gi"));
  }

  @Test
  void aLimitRangeMaximumBelowTheLargestServiceCannotRunIt() {
    ClusterSettings small = ClusterSettings.builder("apps.example.com")
        .limitRange(new LimitRangeSettings("250m", "256Mi", "250m", "256Mi", "2", "1Gi")).build();

    assertThat(LargestService.API_DEFAULT.cannotRun(small))
        .containsExactly(
            new LargestService.Shortfall("limitRange.maxCpu", "2", "4"),
            new LargestService.Shortfall("limitRange.maxMemory", "1Gi", "8Gi"));
    assertThat(new LargestService("500m", "1Gi").cannotRun(small)).isEmpty();
  }

  @Test
  void onePodQuotaCannotRollOutAndBadLargestServicesAreRefused() {
    ClusterSettings onePod = ClusterSettings.builder("apps.example.com")
        .quota(new QuotaSettings(1, "8", "16Gi", "8", "16Gi")).build();

    assertThat(LargestService.API_DEFAULT.cannotRollOut(onePod))
        .containsExactly(new LargestService.Shortfall("quota.pods", "1", "2"));
    assertThat(new LargestService("1500m", "1536Mi").cannotRollOut(
        ClusterSettings.builder("apps.example.com").quota(new QuotaSettings(20, "2", "2Gi", "2", "2Gi")).build()))
        .extracting(LargestService.Shortfall::needed)
        .containsExactly("3000m", "3072Mi", "3000m", "3072Mi");
    assertRejected(() -> new LargestService("lots", "8Gi"), "largestService.cpu");
    assertRejected(() -> new LargestService("4", "0"), "largestService.memory");
  }

  private static void assertRejected(Executable executable, String field) {
    assertThatThrownBy(executable::execute)
        .isInstanceOf(InvalidKubeInputException.class)
        .satisfies(e -> assertThat(((InvalidKubeInputException) e).field()).isEqualTo(field));
  }
}
