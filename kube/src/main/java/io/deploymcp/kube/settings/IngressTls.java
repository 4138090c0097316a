package io.deploymcp.kube.settings;

/**
 * How an Ingress asks for HTTPS. The wildcard certificate of the apps domain is the default
 * certificate of Traefik's {@code TLSStore} (seed §3), so no Ingress names a Secret.
 */
public enum IngressTls {
  /**
   * A {@code tls} entry with the host and no {@code secretName}: the Ingress states that it is
   * served over TLS, and the controller presents its default certificate. Traefik makes the
   * router TLS-only and skips the missing secret.
   */
  DEFAULT_CERTIFICATE,
  /**
   * No {@code tls} block at all, as in seed §9: TLS then depends entirely on the controller's
   * entry point configuration (the Traefik chart's {@code websecure} entry point has TLS on).
   */
  NONE
}
