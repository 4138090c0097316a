package io.deploymcp.ops.rotation;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Re-encrypts every stored secret from the old DP_SECRET_KEY to the new one in one
 * transaction: all rows or none. The tables are locked against writes first, so a value an API
 * still running stores under the old key cannot slip in between the read and the commit.
 */
final class SecretKeyRotation {
  private final SecretCipher oldKey;
  private final SecretCipher newKey;

  SecretKeyRotation(SecretCipher oldKey, SecretCipher newKey) {
    this.oldKey = oldKey;
    this.newKey = newKey;
  }

  RotationReport rotate(Connection connection, boolean dryRun) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      requireEveryCipherColumnKnown(connection);
      lockTables(connection);
      List<ColumnCount> counts = new ArrayList<>();
      for (SecretColumn column : StoredSecrets.ALL) {
        counts.add(new ColumnCount(column.qualifiedName(), reencrypt(connection, column, dryRun)));
      }
      if (dryRun) {
        connection.rollback();
      } else {
        connection.commit();
      }
      return new RotationReport(List.copyOf(counts), dryRun);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private int reencrypt(Connection connection, SecretColumn column, boolean dryRun) throws SQLException {
    String keys = String.join(", ", column.keyColumns());
    String select =
        "select " + keys + ", " + column.column() + " from " + column.table()
            + " where " + column.column() + " is not null";
    String where = column.keyColumns().stream().map(k -> k + " = ?").collect(Collectors.joining(" and "));
    String update = "update " + column.table() + " set " + column.column() + " = ? where " + where;
    int rows = 0;
    try (PreparedStatement read = connection.prepareStatement(select);
        ResultSet rs = read.executeQuery();
        PreparedStatement write = connection.prepareStatement(update)) {
      while (rs.next()) {
        List<String> keyValues = new ArrayList<>();
        List<Object> keyObjects = new ArrayList<>();
        for (int i = 1; i <= column.keyColumns().size(); i++) {
          keyObjects.add(rs.getObject(i));
          keyValues.add(rs.getString(i));
        }
        String associatedData = column.associatedData().apply(keyValues);
        String plaintext;
        try {
          plaintext = oldKey.decrypt(rs.getBytes(column.keyColumns().size() + 1), associatedData);
        } catch (SecretDecryptionException e) {
          throw new RotationAbortedException(
              "a value in " + column.qualifiedName() + " does not decrypt under DP_SECRET_KEY; nothing was"
                  + " changed. DP_SECRET_KEY must be the key the API and worker run with now.");
        }
        byte[] sealed = newKey.encrypt(plaintext, associatedData);
        write.setBytes(1, sealed);
        for (int i = 0; i < keyObjects.size(); i++) {
          write.setObject(i + 2, keyObjects.get(i));
        }
        write.addBatch();
        rows++;
      }
      if (!dryRun && rows > 0) {
        for (int updated : write.executeBatch()) {
          if (updated != 1) {
            throw new RotationAbortedException(
                "a row of " + column.qualifiedName() + " changed during the rotation; nothing was changed");
          }
        }
      }
    }
    return rows;
  }

  private static void requireEveryCipherColumnKnown(Connection connection) throws SQLException {
    Set<String> known =
        StoredSecrets.ALL.stream().map(SecretColumn::qualifiedName).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "select table_name, column_name from information_schema.columns"
                    + " where table_schema = current_schema() and column_name like '%\\_cipher'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1) + "." + rs.getString(2);
        if (!known.contains(name)) {
          unknown.add(name);
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new RotationAbortedException(
          "the database has encrypted columns this command does not know (" + String.join(", ", unknown)
              + "); nothing was changed. Use the rotate-secret-key of the platform version that created them.");
    }
  }

  private static void lockTables(Connection connection) throws SQLException {
    String tables =
        StoredSecrets.ALL.stream().map(SecretColumn::table).distinct().collect(Collectors.joining(", "));
    try (var st = connection.createStatement()) {
      // A running API holding these tables makes us fail fast instead of queueing behind it.
      st.execute("set local lock_timeout = '10s'");
      st.execute("lock table " + tables + " in exclusive mode");
    }
  }
}
