package io.deploymcp.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
  private static final AddressPolicy STRICT = AddressPolicy.publicOnly();
  private static final AddressPolicy LOCAL = AddressPolicy.allowingLoopback();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0", "10.0.0.1", "127.0.0.1", "127.255.0.3", "100.64.0.1", "100.127.255.254", "169.254.169.254",
        "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.0.0.1", "192.0.2.7", "192.88.99.1", "198.18.0.1",
        "198.51.100.2", "203.0.113.9", "224.0.0.1", "240.0.0.1", "255.255.255.255",
        "::", "::1", "fe80::1", "fec0::1", "fc00::1", "fd00:ec2::254", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "::a9fe:a9fe", "2002:0a00:0001::", "2002:a9fe:a9fe::", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2001:db8::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1", "ff02::1",
        // outside global unicast 2000::/3, and the rest of 2001::/23 (ORCHIDv2, anycast services)
        "1234::1", "4000::1", "5f00::1", "8000::1", "e000::1", "2001:20::1", "2001:1::1", "2001:1ff::1"
      })
  void refusesInternalAndSpecialRangesEvenWithTheLoopbackAllowance(String ip) throws Exception {
    InetAddress address = InetAddress.getByName(ip);
    assertThat(AddressPolicy.isInternal(address)).isTrue();
    assertThat(STRICT.allows(address)).isFalse();
    if (!address.isLoopbackAddress()) {
      assertThat(LOCAL.allows(address)).as("the allowance is for loopback only").isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34", "140.82.121.4", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1",
        "2606:4700::1111", "2002:5db8:d822::", "64:ff9b::8c52:7904", "2a00:1450:4001:80b::200e",
        "2001:200::1", "3ffe:ffff::1", "2c0f:fb50:4003::1"
      })
  void allowsPublicAddresses(String ip) throws Exception {
    InetAddress address = InetAddress.getByName(ip);
    assertThat(AddressPolicy.isInternal(address)).isFalse();
    assertThat(STRICT.allows(address)).isTrue();
    assertThat(LOCAL.allows(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1"})
  void theLocalAllowanceAdmitsLoopbackOnly(String ip) throws Exception {
    InetAddress address = InetAddress.getByName(ip);
    assertThat(LOCAL.allows(address)).isTrue();
    assertThat(STRICT.allows(address)).isFalse();
  }

  @Test
  void namesTheFirstRefusedAddressOfAHostThatResolvesToSeveral() throws Exception {
    List<InetAddress> mixed =
        List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1"));

    assertThat(STRICT.firstRefused(mixed)).contains(InetAddress.getByName("10.0.0.1"));
    assertThat(STRICT.firstRefused(mixed.subList(0, 1))).isEmpty();
    assertThat(AddressPolicy.of(true)).isSameAs(LOCAL);
    assertThat(AddressPolicy.of(false)).isSameAs(STRICT);
  }
}
