package io.deploymcp.worker.checkout;

/** A decrypted git token, alive only inside the checkout activity. */
public record GitCredential(String username, String token) {
  @Override
  public String toString() {
    // Keeps the token out of any log line or exception that prints the record.
    return "GitCredential[username=" + username + ", token=***]";
  }
}
