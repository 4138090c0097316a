package io.deploymcp.ansible.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of each chain of the firewall role's table, one statement per line as the template
 * writes them (comments dropped). Enough to ask "what does the input chain accept on port N".
 */
public record NftRules(Map<String, List<String>> chains) {
  public static NftRules parse(String text) {
    Map<String, List<String>> chains = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.startsWith("chain ")) {
        current = new ArrayList<>();
        chains.put(line.substring("chain ".length()).replace("{", "").strip(), current);
      } else if (current != null && line.equals("}")) {
        current = null;
      } else if (current != null && !line.isEmpty() && !line.startsWith("#") && !line.startsWith("type ")) {
        current.add(line);
      }
    }
    return new NftRules(chains);
  }

  public List<String> chain(String name) {
    return chains.getOrDefault(name, List.of());
  }

  /** The input chain's accept rules that name this port (alone, in a set or a range start). */
  public List<String> inputAccepting(int port) {
    return chain("input").stream()
        .filter(r -> r.endsWith(" accept"))
        .filter(r -> r.matches(".*dport (\\{[^}]*\\b" + port + "\\b[^}]*}|" + port + "\\b).*"))
        .toList();
  }
}
