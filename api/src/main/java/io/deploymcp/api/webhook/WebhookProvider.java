package io.deploymcp.api.webhook;

import java.util.HexFormat;
import java.util.Locale;

/** The git hosts that send push webhooks, with the headers each one uses. */
public enum WebhookProvider {
  /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. */
  GITHUB("X-Hub-Signature-256", "sha256=", "X-GitHub-Delivery", "X-GitHub-Event"),
  /** {@code X-Gitea-Signature: <hex HMAC-SHA256 of the raw body>}. */
  GITEA("X-Gitea-Signature", "", "X-Gitea-Delivery", "X-Gitea-Event");

  private final String signatureHeader;
  private final String signaturePrefix;
  private final String deliveryHeader;
  private final String eventHeader;

  WebhookProvider(String signatureHeader, String signaturePrefix, String deliveryHeader, String eventHeader) {
    this.signatureHeader = signatureHeader;
    this.signaturePrefix = signaturePrefix;
    this.deliveryHeader = deliveryHeader;
    this.eventHeader = eventHeader;
  }

  /** The value of {@code webhook_deliveries.provider}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String signatureHeader() {
    return signatureHeader;
  }

  public String deliveryHeader() {
    return deliveryHeader;
  }

  public String eventHeader() {
    return eventHeader;
  }

  /** The 32 signature bytes of the header, or null when it is missing or malformed. */
  byte[] signature(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, signaturePrefix, 0, signaturePrefix.length())) {
      return null;
    }
    String hex = value.substring(signaturePrefix.length());
    if (hex.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
