package io.deploymcp.api.paging;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The {@code limit} and {@code cursor} query parameters. A cursor is opaque to callers: the
 * base64url of the sort key(s) of the last item of the previous page, so a page is one
 * indexed range scan however deep the caller pages.
 */
public record PageRequest(int limit, List<String> after) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  private static final char SEPARATOR = '\u001f';

  public static PageRequest of(Integer limit, String cursor, int keyParts) {
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw new ApiProblem(ProblemCode.INVALID_LIMIT, "limit " + n + " is outside 1-" + MAX_LIMIT);
    }
    if (cursor == null || cursor.isEmpty()) {
      return new PageRequest(n, List.of());
    }
    List<String> parts;
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      parts = List.of(decoded.split(String.valueOf(SEPARATOR), -1));
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
    if (parts.size() != keyParts + 1 || !parts.getFirst().equals("v1")) {
      throw invalidCursor();
    }
    List<String> after = parts.subList(1, parts.size());
    // Only a cursor this API issued: one spelling each (no padding, no stray bits, no bytes
    // that are not UTF-8), and no control character in a key that becomes an SQL parameter,
    // where PostgreSQL's refusal of U+0000 would be a 500.
    if (!encode(after).equals(cursor) || after.stream().anyMatch(key -> key.chars().anyMatch(Character::isISOControl))) {
      throw invalidCursor();
    }
    return new PageRequest(n, after);
  }

  public boolean first() {
    return after.isEmpty();
  }

  /** Builds the page: callers fetch {@code limit + 1} rows, so the extra row signals a next page. */
  public <T> Page<T> page(List<T> rows, java.util.function.Function<T, List<String>> sortKey) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(List.copyOf(items), encode(sortKey.apply(items.getLast())));
  }

  static String encode(List<String> key) {
    String joined = "v1" + SEPARATOR + String.join(String.valueOf(SEPARATOR), key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  public static ApiProblem invalidCursor() {
    return new ApiProblem(ProblemCode.INVALID_CURSOR, "The cursor is not one this API issued");
  }
}
