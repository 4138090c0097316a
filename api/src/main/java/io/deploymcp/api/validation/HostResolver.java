package io.deploymcp.api.validation;

import java.net.InetAddress;
import java.util.List;

/** Resolves a host name for the repository check. An empty list means "does not resolve". */
@FunctionalInterface
public interface HostResolver {
  List<InetAddress> resolve(String host);
}
