package io.deploymcp.ops.rotation;

import java.util.List;
import java.util.function.Function;

/**
 * One column holding {@link io.deploymcp.store.SecretCipher} ciphertexts: the row's primary key
 * (to write the new ciphertext back) and how the writer bound the ciphertext to its row (the
 * associated data, rebuilt from the key values in the same order).
 */
record SecretColumn(
    String table, String column, List<String> keyColumns, Function<List<String>, String> associatedData) {

  String qualifiedName() {
    return table + "." + column;
  }
}
