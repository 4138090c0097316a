package io.deploymcp.api.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {
  @Test
  void defaultsAndBounds() {
    assertThat(PageRequest.of(null, null, 1).limit()).isEqualTo(50);
    assertThat(PageRequest.of(200, null, 1).limit()).isEqualTo(200);
    assertThatThrownBy(() -> PageRequest.of(0, null, 1))
        .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.code()).isEqualTo(ProblemCode.INVALID_LIMIT));
    assertThatThrownBy(() -> PageRequest.of(201, null, 1)).isInstanceOf(ApiProblem.class);
  }

  @Test
  void cursorRoundTripsTheSortKey() {
    PageRequest first = PageRequest.of(2, null, 2);
    Page<String> page = first.page(List.of("a", "b", "c"), s -> List.of(s, s + "-id"));
    assertThat(page.items()).containsExactly("a", "b");
    PageRequest next = PageRequest.of(2, page.nextCursor(), 2);
    assertThat(next.after()).containsExactly("b", "b-id");
    assertThat(first.page(List.of("a", "b"), s -> List.of(s, s)).nextCursor()).isNull();
  }

  @Test
  void rejectsForeignCursors() {
    for (String bad : new String[] {"!!!", "aGVsbG8", PageRequest.encode(List.of("a", "b"))}) {
      assertThatThrownBy(() -> PageRequest.of(10, bad, 1))
          .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.code()).isEqualTo(ProblemCode.INVALID_CURSOR));
    }
  }
}
