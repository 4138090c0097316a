package io.deploymcp.kube;

/**
 * Input the object generators cannot turn into valid Kubernetes objects: a setting, a service
 * description or an env key. The message names the field and the rule, never a secret value, so
 * it can be shown to an operator or recorded as a deployment error as it is.
 */
public final class InvalidKubeInputException extends IllegalArgumentException {
  private final String field;

  public InvalidKubeInputException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The setting or spec field at fault, e.g. {@code service} or {@code egressDenyCidrs}. */
  public String field() {
    return field;
  }
}
