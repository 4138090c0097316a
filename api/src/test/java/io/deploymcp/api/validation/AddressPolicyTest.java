package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0", "10.0.0.1", "127.0.0.1", "127.255.0.3", "100.64.0.1", "100.127.255.254", "169.254.169.254",
        "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.0.0.1", "198.18.0.1", "224.0.0.1", "255.255.255.255",
        "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:10.0.0.1", "2002:0a00:0001::", "64:ff9b::a9fe:a9fe",
        "2001:db8::1", "ff02::1"
      })
  void forbidsInternalAndSpecialRanges(String ip) throws Exception {
    assertThat(AddressPolicy.isForbidden(InetAddress.getByName(ip))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "140.82.121.4", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "2002:5db8:d822::"})
  void allowsPublicAddresses(String ip) throws Exception {
    assertThat(AddressPolicy.isForbidden(InetAddress.getByName(ip))).isFalse();
  }
}
