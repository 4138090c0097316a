package io.deploymcp.kube.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsNamesTest {
  @Test
  void labels() {
    assertThat(DnsNames.isDns1123Label("a")).isTrue();
    assertThat(DnsNames.isDns1123Label("1a")).isTrue();
    assertThat(DnsNames.isDns1123Label("a".repeat(63))).isTrue();
    assertThat(DnsNames.isDns1123Label("a".repeat(64))).isFalse();
    assertThat(DnsNames.isDns1123Label("-a")).isFalse();
    assertThat(DnsNames.isDns1123Label("a-")).isFalse();
    assertThat(DnsNames.isDns1123Label("A")).isFalse();
    assertThat(DnsNames.isDns1123Label("")).isFalse();
    assertThat(DnsNames.isDns1035Label("1a")).isFalse();
    assertThat(DnsNames.isDns1035Label("a1")).isTrue();
  }

  @Test
  void subdomains() {
    assertThat(DnsNames.isDns1123Subdomain("apps.example.com")).isTrue();
    assertThat(DnsNames.isDns1123Subdomain("apps..example.com")).isFalse();
    assertThat(DnsNames.isDns1123Subdomain("apps.example.com.")).isFalse();
    assertThat(DnsNames.isDns1123Subdomain(("a".repeat(63) + ".").repeat(4) + "a")).isFalse();
    // Kubernetes object names have no 63 limit per part; host names do.
    assertThat(DnsNames.isDns1123Subdomain("a".repeat(64) + "-env")).isTrue();
    assertThat(DnsNames.isHostname("a".repeat(64) + ".example.com")).isFalse();
    assertThat(DnsNames.isHostname("a".repeat(63) + ".example.com")).isTrue();
  }

  @Test
  void labelValuesAndKeys() {
    assertThat(DnsNames.isLabelValue("")).isTrue();
    assertThat(DnsNames.isLabelValue("A_b.c-1")).isTrue();
    assertThat(DnsNames.isLabelValue("_a")).isFalse();
    assertThat(DnsNames.isLabelValue("a b")).isFalse();
    assertThat(DnsNames.isQualifiedName("app")).isTrue();
    assertThat(DnsNames.isQualifiedName("app.kubernetes.io/name")).isTrue();
    assertThat(DnsNames.isQualifiedName("App.io/name")).isFalse();
    assertThat(DnsNames.isQualifiedName("a/b/c")).isFalse();
    assertThat(DnsNames.isQualifiedName("/name")).isFalse();
  }
}
