package io.deploymcp.api.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system resolver with a deadline. A host that does not resolve (or not in time) is
 * accepted here: the clone fails later with REPO_UNREACHABLE, and the worker checks the
 * address it actually connects to.
 */
public final class DnsHostResolver implements HostResolver {
  private final Duration timeout;

  public DnsHostResolver(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public List<InetAddress> resolve(String host) {
    CompletableFuture<List<InetAddress>> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return List.of(InetAddress.getAllByName(host));
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
