package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ProblemCode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNameTest {
  private final ReservedNames reserved = new ReservedNames(List.of("Billing", " status-page "));

  @ParameterizedTest
  @ValueSource(strings = {"a", "cool-api", "app2", "a1-b2-c3", "x234567890123456789012345678901234567890123456789012345678901ab"})
  void acceptsDnsLabels(String name) {
    assertThat(ServiceName.parse(name, reserved).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Cool-Api", "cool_api", "-cool", "cool-", "1cool", "cool.api", "cool api", "cool/api", "cöol",
        "x2345678901234567890123456789012345678901234567890123456789012345", "xn--abc", "a--b", "cool\n"
      })
  void rejectsWhatIsNotADnsLabel(String name) {
    assertThatThrownBy(() -> ServiceName.parse(name, reserved))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.INVALID_NAME);
              assertThat(e.field()).isEqualTo("name");
              assertThat(e.hint()).isNotBlank();
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"www", "api", "mcp", "ops", "grafana", "loki", "registry", "temporal", "traefik", "preview-app",
        "billing", "status-page"})
  void rejectsReservedNames(String name) {
    assertThatThrownBy(() -> ServiceName.parse(name, reserved))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(ProblemCode.NAME_RESERVED));
  }

  @org.junit.jupiter.api.Test
  void echoesInputWithoutControlCharactersOrUnboundedLength() {
    assertThatThrownBy(() -> ServiceName.parse("X".repeat(300) + "\u0000", reserved))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(140).doesNotContain("\u0000"));
  }
}
