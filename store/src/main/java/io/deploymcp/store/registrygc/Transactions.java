package io.deploymcp.store.registrygc;

import java.sql.Connection;
import java.sql.SQLException;

/** The locks of this package last until the end of a transaction, so they need one. */
final class Transactions {
  private Transactions() {}

  static void require(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("needs a transaction: a lock taken in autocommit ends with its statement");
    }
  }
}
