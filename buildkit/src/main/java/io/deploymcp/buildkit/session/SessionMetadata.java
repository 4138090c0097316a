package io.deploymcp.buildkit.session;

import io.grpc.Metadata;
import java.util.List;

/**
 * The gRPC headers that open a Control.Session tunnel. The daemon files the session under
 * {@code id} (the SolveRequest's Session field names it), and only calls the methods listed
 * here, so every service the client serves inside the tunnel must be announced.
 */
public record SessionMetadata(String id, String name, String sharedKey, List<String> methods) {
  static final Metadata.Key<String> ID = key("x-docker-expose-session-uuid");
  static final Metadata.Key<String> NAME = key("x-docker-expose-session-name");
  static final Metadata.Key<String> SHARED_KEY = key("x-docker-expose-session-sharedkey");
  static final Metadata.Key<String> METHOD = key("x-docker-expose-session-grpc-method");

  public SessionMetadata {
    methods = List.copyOf(methods);
    for (String method : methods) {
      if (!method.startsWith("/") || method.indexOf('/', 1) < 0) {
        throw new IllegalArgumentException("session method must look like /package.Service/Method");
      }
    }
  }

  public Metadata toMetadata() {
    Metadata metadata = new Metadata();
    metadata.put(ID, id);
    metadata.put(NAME, name);
    metadata.put(SHARED_KEY, sharedKey);
    // One header value per method: the daemon reads the repeated header as a list.
    for (String method : methods) {
      metadata.put(METHOD, method);
    }
    return metadata;
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
