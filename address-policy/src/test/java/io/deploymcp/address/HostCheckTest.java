package io.deploymcp.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {
  private static final Map<String, List<InetAddress>> DNS =
      Map.of(
          "public.example", List.of(address("93.184.216.34")),
          "rebound.example", List.of(address("93.184.216.34"), address("10.0.0.7")),
          "loop.example", List.of(address("127.0.0.1")));

  private final List<String> asked = new ArrayList<>();
  private final HostResolver dns =
      host -> {
        asked.add(host);
        return DNS.getOrDefault(host, List.of());
      };
  private final HostCheck check = new HostCheck(AddressPolicy.publicOnly(), dns);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "'', Empty",
    "::zz, InvalidLiteral",
    "1:2:3:4:5:6:7:8:9, InvalidLiteral",
    "g::1, InvalidLiteral",
    ".:1, InvalidLiteral",
    "fe80::1%eth0, ZoneId",
    "2606:4700::1%1, ZoneId",
    "::%i.localhost, ZoneId",
    "2130706433, NonStandardNumeric",
    "0x7f.1, NonStandardNumeric",
    "0X7F.0.0.1, NonStandardNumeric",
    "0177.0.0.1, NonStandardNumeric",
    "127.1, NonStandardNumeric",
    "999.1.1.1, NonStandardNumeric",
    "1.2.3.4., NonStandardNumeric",
    "1.2.3.4.5, NonStandardNumeric",
    "host.example.0x, NonStandardNumeric",
    "does-not-resolve.example, DoesNotResolve",
    "rebound.example, Refused",
    "10.0.0.1, Refused",
    "::ffff:169.254.169.254, Refused",
    "public.example, Allowed",
    "PUBLIC.Example, Allowed",
    "93.184.216.34, Allowed",
    "2606:4700::1, Allowed"
  })
  void classifiesEveryKindOfHost(String host, String kind) {
    assertThat(check.check(host).getClass().getSimpleName()).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "fe80::1%eth0", "g::1", ".:1", "0x7f.1", "999.1.1.1", "2130706433"})
  void literalsAndNumbersNeverReachTheResolver(String host) {
    check.check(host);

    assertThat(asked).isEmpty();
  }

  @Test
  void namesReachTheResolverInLowerCase() {
    assertThat(check.check("Public.EXAMPLE"))
        .isEqualTo(new HostAddresses.Allowed(List.of(address("93.184.216.34"))));
    assertThat(asked).containsExactly("public.example");
  }

  @Test
  void theFirstRefusedAddressIsNamed() {
    assertThat(check.check("rebound.example")).isEqualTo(new HostAddresses.Refused(address("10.0.0.7")));
  }

  @Test
  void aNameWithANumericInnerLabelIsAName() {
    assertThat(new HostCheck(AddressPolicy.publicOnly(), host -> DNS.get("public.example")).check("0x7f.example.com"))
        .isInstanceOf(HostAddresses.Allowed.class);
  }

  @Test
  void theLoopbackAllowanceAdmitsLoopbackNamesAndLiterals() {
    HostCheck local = new HostCheck(AddressPolicy.allowingLoopback(), dns);

    assertThat(local.check("loop.example")).isInstanceOf(HostAddresses.Allowed.class);
    assertThat(local.check("::1")).isInstanceOf(HostAddresses.Allowed.class);
    assertThat(local.check("10.0.0.1")).isInstanceOf(HostAddresses.Refused.class);
  }

  @Test
  void localhostAsLoopbackAnswersLocalhostNamesWithoutTheResolver() {
    HostCheck local = new HostCheck(AddressPolicy.allowingLoopback(), HostResolver.localhostAsLoopback(dns));

    assertThat(local.check("localhost")).isEqualTo(new HostAddresses.Allowed(List.of(InetAddress.getLoopbackAddress())));
    assertThat(local.check("App.LocalHost")).isInstanceOf(HostAddresses.Allowed.class);
    assertThat(local.check("public.example")).isInstanceOf(HostAddresses.Allowed.class);
    assertThat(asked).containsExactly("public.example");
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
