package io.deploymcp.store;

/** Where the Flyway migrations of this module live on the classpath. */
public final class Migrations {
  /** Flyway location string for the control-plane schema. */
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}
}
