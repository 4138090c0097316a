package io.deploymcp.ops.gc;

/**
 * DP_OPERATOR_TOKEN, the credential of the platform's {@code /v1/operator/**} endpoints. Its
 * {@link #toString()} never shows the value, so it can end up in a message or a log by mistake
 * without harm; only {@link #authorization()} reads it.
 */
public record OperatorToken(String value) {
  /** The platform refuses shorter tokens (docs/registry-gc.md). */
  public static final int MIN_LENGTH = 32;

  public OperatorToken {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("DP_OPERATOR_TOKEN is not set: the operator token the API was given"
          + " (Secret deploy-mcp-operator-token, key token)");
    }
    if (value.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException("DP_OPERATOR_TOKEN is shorter than " + MIN_LENGTH
          + " characters: the API refuses such a token; make one with openssl rand -base64 32");
    }
    value = value.strip();
  }

  /** The Authorization header's value. */
  String authorization() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "OperatorToken[***]";
  }
}
