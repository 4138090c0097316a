package io.deploymcp.kube.access;

import java.util.Locale;

/**
 * An RBAC verb, as the API server derives it from a request: {@code GET} of one object is get,
 * of a collection list, with {@code ?watch=true} watch; {@code POST} create, {@code PUT} update,
 * {@code PATCH} patch, {@code DELETE} of one object delete, of a collection deletecollection.
 */
public enum Verb {
  GET,
  LIST,
  WATCH,
  CREATE,
  UPDATE,
  PATCH,
  DELETE,
  DELETECOLLECTION;

  /** The name in a Role's {@code verbs}, e.g. {@code deletecollection}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Verb fromWireName(String name) {
    for (Verb verb : values()) {
      if (verb.wireName().equals(name)) {
        return verb;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not an RBAC verb of a resource request");
  }
}
