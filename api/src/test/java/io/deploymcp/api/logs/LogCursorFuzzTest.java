package io.deploymcp.api.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;

/**
 * Logs cursors from the fuzzer. Properties: a cursor decodes or is INVALID_CURSOR; one that
 * decodes is one this API issued (it encodes back to itself: no second spelling of a
 * deployment id or a store cursor), and the store cursor it carries to the log store holds no
 * control character.
 */
class LogCursorFuzzTest {

  @FuzzTest
  void decodesOnlyCursorsThisApiIssues(FuzzedDataProvider data) {
    String raw = data.consumeRemainingAsString();
    LogCursor cursor;
    try {
      cursor = LogCursor.decode(raw);
    } catch (ApiProblem refused) {
      assertThat(refused.code()).isEqualTo(ProblemCode.INVALID_CURSOR);
      return;
    }
    assertThat(cursor.encode()).as("cursor %s", raw).isEqualTo(raw);
    assertThat(cursor.storeCursor().chars().noneMatch(Character::isISOControl))
        .as("store cursor %s", cursor.storeCursor())
        .isTrue();
  }
}
