package io.deploymcp.checkout;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostResolver;
import io.deploymcp.address.SystemHostResolver;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where a checkout may connect and how it finds out: the address policy the API applies too,
 * the resolver that turns the repository's host into addresses (each one is checked, and the
 * connection goes to exactly those), and the TLS trust for https.
 *
 * @param addresses which addresses a connection may go to
 * @param resolver DNS; tests put in fixed or changing answers
 * @param tls the TLS context for https (the JDK's default trust in production)
 */
public record GitNetwork(AddressPolicy addresses, HostResolver resolver, SSLContext tls) {
  /** How long one lookup of the repository's host may take. */
  static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

  public GitNetwork {
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(tls, "tls");
  }

  /** The system's DNS and TLS trust, with {@code addresses}. */
  public static GitNetwork of(AddressPolicy addresses) {
    return new GitNetwork(addresses, new SystemHostResolver(DNS_TIMEOUT), defaultTls());
  }

  /** Public addresses only, the system's DNS and TLS trust: what production uses. */
  public static GitNetwork publicOnly() {
    return of(AddressPolicy.publicOnly());
  }

  public GitNetwork withResolver(HostResolver resolver) {
    return new GitNetwork(addresses, resolver, tls);
  }

  public GitNetwork withTls(SSLContext tls) {
    return new GitNetwork(addresses, resolver, tls);
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
