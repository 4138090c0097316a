package io.deploymcp.checkout.support;

import io.deploymcp.address.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS stand-in with scripted answers: each name answers its list of answers in turn, the last
 * one from then on, as a rebinding DNS server does (public first, internal next). Names without
 * a script do not resolve. Records every lookup, so a test can tell how often a name was asked.
 * Answers are literal addresses: nothing here asks the machine's DNS.
 */
public final class ScriptedDns implements HostResolver {
  private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();

  /** {@code host} answers {@code addresses} (one answer of one or more addresses) from now on. */
  public ScriptedDns answer(String host, String... addresses) {
    answers.put(host.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(parse(addresses))));
    return this;
  }

  /** {@code host} answers {@code first} once, then {@code then} from then on. */
  public ScriptedDns rebind(String host, String first, String then) {
    answers.put(host.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(parse(first), parse(then))));
    return this;
  }

  @Override
  public synchronized List<InetAddress> resolve(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    lookups.add(name);
    List<List<InetAddress>> script = answers.get(name);
    if (script == null) {
      return List.of();
    }
    return script.size() > 1 ? script.remove(0) : script.get(0);
  }

  /** How many times {@code host} was looked up. */
  public long lookups(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return lookups.stream().filter(name::equals).count();
  }

  public List<String> lookups() {
    return List.copyOf(lookups);
  }

  private static List<InetAddress> parse(String... addresses) {
    return Arrays.stream(addresses)
        .map(
            a -> {
              try {
                return InetAddress.getByName(a); // literals only: parsed, no lookup
              } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a + " is not a literal address", e);
              }
            })
        .toList();
  }
}
