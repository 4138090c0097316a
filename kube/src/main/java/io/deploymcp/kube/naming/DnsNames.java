package io.deploymcp.kube.naming;

import java.util.regex.Pattern;

/**
 * The Kubernetes name grammars the generators must satisfy (apimachinery's validation): checked
 * here so a bad name fails before an apply, with a message instead of an API server 422.
 */
public final class DnsNames {
  /** RFC 1123 label: namespaces, most object names. */
  public static final int LABEL_MAX = 63;
  /** RFC 1123 subdomain: Secrets, Deployments, runtime classes. */
  public static final int SUBDOMAIN_MAX = 253;
  /**
   * CronJob names: the controller appends an 11-character suffix to name its Jobs, which are
   * themselves limited to 63, so the API server refuses CronJob names over 52.
   */
  public static final int CRON_JOB_MAX = 52;

  private static final Pattern LABEL_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN_1123 =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private DnsNames() {}

  /** RFC 1123 label, at most 63 characters. */
  public static boolean isDns1123Label(String value) {
    return value != null && value.length() <= LABEL_MAX && LABEL_1123.matcher(value).matches();
  }

  /** RFC 1035 label (starts with a letter), at most 63 characters: Service names. */
  public static boolean isDns1035Label(String value) {
    return value != null && value.length() <= LABEL_MAX && LABEL_1035.matcher(value).matches();
  }

  /**
   * RFC 1123 subdomain as Kubernetes checks object names: dot-separated lowercase alphanumeric
   * parts with inner '-', at most 253 characters in all (Kubernetes puts no 63 limit on a part).
   */
  public static boolean isDns1123Subdomain(String value) {
    return value != null && value.length() <= SUBDOMAIN_MAX && SUBDOMAIN_1123.matcher(value).matches();
  }

  /** A host name: an RFC 1123 subdomain whose every label has at most 63 characters. */
  public static boolean isHostname(String value) {
    if (!isDns1123Subdomain(value)) {
      return false;
    }
    for (String label : value.split("\\.", -1)) {
      if (label.length() > LABEL_MAX) {
        return false;
      }
    }
    return true;
  }

  /** A label value: empty, or up to 63 alphanumerics with {@code -_.} inside. */
  public static boolean isLabelValue(String value) {
    return value != null && value.length() <= LABEL_MAX && LABEL_VALUE.matcher(value).matches();
  }

  /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name part. */
  public static boolean isQualifiedName(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && !isDns1123Subdomain(key.substring(0, slash))) {
      return false;
    }
    return name.length() <= LABEL_MAX && NAME_PART.matcher(name).matches();
  }
}
