package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.JsonProblems;
import io.deploymcp.api.problem.ProblemCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application mapper itself refuses a key twice, also where no tree is read (records, maps):
 * every reader of outside JSON through it (REST bodies, MCP arguments, Vert.x's Json, which
 * Quarkus builds from it) refuses what {@link JsonInputCheck} refuses.
 */
class StrictMapperTest {
  record Body(String name, Map<String, String> env) {}

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    new JsonCustomizer().customize(mapper);
    return mapper;
  }

  private static ApiProblem problemOf(Runnable read) {
    try {
      read.run();
    } catch (ApiProblem e) {
      return e;
    }
    throw new AssertionError("no problem");
  }

  private static void read(ObjectMapper mapper, String json, Class<?> type) {
    try {
      mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e);
    }
  }

  @Test
  void refusesADuplicateRecordField() {
    ApiProblem problem = problemOf(() -> read(mapper(), "{\"name\":\"a\",\"name\":\"b\"}", Body.class));
    assertThat(problem.code()).isEqualTo(ProblemCode.DUPLICATE_JSON_KEY);
    assertThat(problem.errors().getFirst().field()).isEqualTo("name");
  }

  @Test
  void refusesADuplicateMapKey() {
    ApiProblem problem = problemOf(() -> read(mapper(), "{\"env\":{\"A\":\"1\",\"A\":\"2\"}}", Body.class));
    assertThat(problem.code()).isEqualTo(ProblemCode.DUPLICATE_JSON_KEY);
    assertThat(problem.errors().getFirst().field()).isEqualTo("env.A");
  }

  @Test
  void copiesKeepTheRule() {
    // ToolRunner's canonical mapper and Vert.x's codec are copies of the application mapper.
    assertThatThrownBy(() -> mapper().copy().readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
  }
}
