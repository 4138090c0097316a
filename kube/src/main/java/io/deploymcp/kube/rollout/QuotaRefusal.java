package io.deploymcp.kube.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ResourceQuota admission's refusal of a pod, parsed from its message: {@code exceeded
 * quota: <name>, requested: limits.memory=512Mi, used: limits.memory=3840Mi, limited:
 * limits.memory=4Gi}. The lists hold only the resources that went over.
 *
 * @param quota the ResourceQuota's name, or empty when the message did not parse
 * @param resources the exceeded resources with what was requested, used and allowed
 * @param message the API server's message as it was
 */
record QuotaRefusal(String quota, List<Resource> resources, String message) {

  /** One exceeded resource, e.g. {@code limits.memory}: requested 512Mi, used 3840Mi, limited 4Gi. */
  record Resource(String name, String requested, String used, String limited) {}

  private static final Pattern REFUSAL =
      Pattern.compile("exceeded quota: ([^,]+), requested: (.*?), used: (.*?), limited: (.*)$");

  QuotaRefusal {
    resources = List.copyOf(resources);
  }

  static QuotaRefusal parse(String message) {
    Matcher m = REFUSAL.matcher(message.strip());
    if (!m.find()) {
      return new QuotaRefusal("", List.of(), message);
    }
    Map<String, String> requested = pairs(m.group(2));
    Map<String, String> used = pairs(m.group(3));
    Map<String, String> limited = pairs(m.group(4));
    List<Resource> resources = new ArrayList<>();
    for (Map.Entry<String, String> limit : limited.entrySet()) {
      resources.add(new Resource(limit.getKey(), requested.getOrDefault(limit.getKey(), "?"),
          used.getOrDefault(limit.getKey(), "?"), limit.getValue()));
    }
    return new QuotaRefusal(m.group(1).strip(), resources, message);
  }

  /** {@code ResourceQuota quota refused the pod: limits.memory requested 512Mi, used …}. */
  String evidence() {
    if (resources.isEmpty()) {
      return "the project's ResourceQuota refused the pod: " + message;
    }
    List<String> parts = new ArrayList<>();
    for (Resource r : resources) {
      parts.add(r.name() + " requested " + r.requested() + ", used " + r.used() + ", limited "
          + r.limited());
    }
    return "ResourceQuota " + quota + " refused the pod: " + String.join("; ", parts);
  }

  private static Map<String, String> pairs(String list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : list.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return out;
  }
}
