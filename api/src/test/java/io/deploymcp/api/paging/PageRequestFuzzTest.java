package io.deploymcp.api.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;

/**
 * Cursors from the fuzzer. The request text guard sees only the base64 text, so what a cursor
 * decodes to is this parser's to check. Properties: a cursor gives a page request or
 * INVALID_LIMIT / INVALID_CURSOR; one it accepts is exactly one this API could have issued (it
 * encodes back to itself); and its sort keys, which become SQL parameters, hold no control
 * character (PostgreSQL refuses U+0000 with an error the API would answer as 500).
 */
class PageRequestFuzzTest {

  @FuzzTest
  void acceptsOnlyCursorsThisApiIssues(FuzzedDataProvider data) {
    int keyParts = data.consumeInt(1, 2);
    Integer limit = data.consumeBoolean() ? data.consumeInt() : null;
    String cursor = data.consumeRemainingAsString();
    PageRequest page;
    try {
      page = PageRequest.of(limit, cursor, keyParts);
    } catch (ApiProblem refused) {
      assertThat(refused.code()).isIn(ProblemCode.INVALID_LIMIT, ProblemCode.INVALID_CURSOR);
      return;
    }
    assertThat(page.limit()).isBetween(1, PageRequest.MAX_LIMIT);
    if (cursor.isEmpty()) {
      assertThat(page.first()).isTrue();
      return;
    }
    assertThat(page.after()).hasSize(keyParts);
    assertThat(PageRequest.encode(page.after())).as("cursor %s", cursor).isEqualTo(cursor);
    for (String key : page.after()) {
      assertThat(key.chars().noneMatch(Character::isISOControl)).as("sort key %s", key).isTrue();
    }
  }
}
