package io.deploymcp.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The policy against {@link SpecialRanges}: for every address, however it reaches the policy (as
 * an IPv4 address, as an IPv6 address that embeds one, or parsed back from its text), the answer
 * is the registry's. Without JAZZER_FUZZ=1 this runs the inputs under
 * AddressPolicyFuzzTestInputs/ only.
 */
class AddressPolicyFuzzTest {

  @FuzzTest
  void refusesExactlyTheSpecialRangesHoweverTheAddressArrives(FuzzedDataProvider data) throws UnknownHostException {
    byte[] raw = data.consumeBytes(data.consumeBoolean() ? 4 : 16);
    if (raw.length != 4 && raw.length != 16) {
      return;
    }
    boolean special = SpecialRanges.isSpecial(raw);
    String shown = hex(raw);

    // getByAddress turns ::ffff:a.b.c.d into IPv4; Inet6Address keeps it IPv6, as some resolvers return it.
    InetAddress plain = InetAddress.getByAddress(raw);
    assertThat(AddressPolicy.isInternal(plain)).as("isInternal(%s)", shown).isEqualTo(special);
    if (raw.length == 16) {
      InetAddress v6 = Inet6Address.getByAddress(null, raw, -1);
      assertThat(AddressPolicy.isInternal(v6)).as("isInternal(Inet6 %s)", shown).isEqualTo(special);
    }

    // The text the checkout logs and the API may parse again must mean the same address.
    InetAddress reparsed = InetAddress.getByName(plain.getHostAddress());
    assertThat(AddressPolicy.isInternal(reparsed)).as("isInternal(%s)", plain.getHostAddress()).isEqualTo(special);

    boolean loopback = SpecialRanges.isLoopback(plain.getAddress());
    assertThat(AddressPolicy.publicOnly().allows(plain)).as("publicOnly allows %s", shown).isEqualTo(!special);
    assertThat(AddressPolicy.allowingLoopback().allows(plain))
        .as("allowingLoopback allows %s", shown)
        .isEqualTo(!special || loopback);
  }

  private static String hex(byte[] raw) {
    StringBuilder out = new StringBuilder();
    for (byte b : raw) {
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }
}
