package io.deploymcp.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system resolver with a deadline. {@code localhost} and names under {@code .localhost} are
 * loopback without asking DNS (RFC 6761), so the API and the worker agree on them whatever the
 * machine's resolver does with them. A name that does not resolve, or not in time, gives an
 * empty list.
 */
public final class SystemHostResolver implements HostResolver {
  private final Duration timeout;

  public SystemHostResolver(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the DNS timeout must be positive");
    }
    this.timeout = timeout;
  }

  @Override
  public List<InetAddress> resolve(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (LocalhostNames.matches(name)) {
      return List.of(InetAddress.getLoopbackAddress());
    }
    CompletableFuture<List<InetAddress>> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return List.of(InetAddress.getAllByName(name));
              } catch (UnknownHostException e) {
                return List.<InetAddress>of();
              }
            },
            r -> Thread.ofVirtual().name("dns-lookup").start(r));
    try {
      return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      lookup.cancel(true);
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException e) {
      return List.of();
    }
  }
}
