package io.deploymcp.api.webhook;

/** One delivery as it arrived: the provider's headers and the raw body the signature covers. */
public record WebhookDelivery(
    WebhookProvider provider, String event, String deliveryId, String signature, String contentType, byte[] body) {

  @Override
  public String toString() {
    return "WebhookDelivery[" + provider.wireName() + " " + event + " " + deliveryId + "]";
  }
}
