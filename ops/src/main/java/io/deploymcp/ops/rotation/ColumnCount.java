package io.deploymcp.ops.rotation;

/** How many ciphertexts of one column were (or, in a dry run, would be) re-encrypted. */
record ColumnCount(String column, int rows) {}
