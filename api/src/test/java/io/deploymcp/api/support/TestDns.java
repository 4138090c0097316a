package io.deploymcp.api.support;

import io.deploymcp.address.HostResolver;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The test suite's DNS, in place of the system's (this machine has none that answers): fixed
 * public answers for the hosts the tests create services with, like real DNS would give them.
 * Every other name does not resolve, as {@code metadata.google.internal} does not outside a
 * cloud. Replaces the API's default resolver bean in every {@code @QuarkusTest}.
 */
@Singleton
public class TestDns implements HostResolver {
  private static final Map<String, String> ANSWERS =
      Map.of(
          "github.com", "140.82.121.4",
          "gitlab.com", "172.65.251.78",
          "internal.example.com", "10.1.2.3",
          "metadata.example.com", "169.254.169.254");

  @Override
  public List<InetAddress> resolve(String host) {
    String address = ANSWERS.get(host.toLowerCase(Locale.ROOT));
    if (address == null) {
      return List.of();
    }
    try {
      return List.of(InetAddress.getByName(address)); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
