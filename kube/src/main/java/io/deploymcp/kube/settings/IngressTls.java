package io.deploymcp.kube.settings;

/**
 * How an Ingress asks for HTTPS. The wildcard certificate of the apps domain is the default
 * certificate of Traefik's {@code TLSStore} (seed §3), so no Ingress names a Secret. With
 * Traefik, HTTPS itself comes from the {@code websecure} entry point, which the Traefik chart
 * runs with TLS on: Traefik's Ingress provider reads {@code spec.tls} only to load the
 * certificates it names, and makes a router TLS-only through the {@code
 * traefik.ingress.kubernetes.io/router.tls} annotation (see {@code ingressAnnotations}).
 */
public enum IngressTls {
  /**
   * A {@code tls} entry with the host and no {@code secretName}: by the Ingress API's convention
   * the controller serves the host with its default certificate, and readers of the object (the
   * service status, other controllers) see that it is served over HTTPS. Traefik skips the entry.
   */
  DEFAULT_CERTIFICATE,
  /** No {@code tls} block at all, exactly as seed §9 writes the Ingress. */
  NONE
}
