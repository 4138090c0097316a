package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validated string that reaches a Kubernetes object, a git command or a log line refuses
 * control characters, whichever way they come in (a JSON body may carry tabs, newlines and ESC;
 * U+0000 is refused before binding): a newline in a schedule or path would reach a CronJob or a
 * probe as written, ESC would reach whoever reads `kubectl get` output.
 */
class ControlCharacterFieldsTest {
  private static final List<String> CONTROLS = List.of("\n", "\r", "\t", "\u001b", "\u0085", "\u007f", "\u0000");

  private static Stream<Arguments> fields() {
    ReservedNames reserved = new ReservedNames(Set.of());
    return Stream.of(
        Arguments.of("service name", "cool%sapi", (Consumer<String>) v -> ServiceName.parse(v, reserved)),
        Arguments.of("project", "team%sa", (Consumer<String>) ProjectName::new),
        Arguments.of("git ref", "feature%s1", (Consumer<String>) v -> GitRef.parse(v, "branch")),
        Arguments.of("commit", "abc1234%s", (Consumer<String>) RequestedCommit::parse),
        Arguments.of("health check path", "/healthz%s", (Consumer<String>) HealthCheckPath::new),
        Arguments.of("dockerfile path", "docker/Dockerfile%s", (Consumer<String>) DockerfilePath::orDefault),
        Arguments.of("root dir", "apps/web%s", (Consumer<String>) RootDir::new),
        Arguments.of("watch path", "apps/%sweb", (Consumer<String>) v -> WatchPaths.parse(List.of(v))),
        Arguments.of("schedule", "0 3 * * *%s", (Consumer<String>) CronSchedule::new),
        Arguments.of("schedule inside", "0%s3 * * *", (Consumer<String>) CronSchedule::new),
        Arguments.of("env key", "API%sKEY", (Consumer<String>) EnvKey::new),
        Arguments.of("cpu", "250m%s", (Consumer<String>) CpuQuantity::parse),
        Arguments.of("memory", "256Mi%s", (Consumer<String>) MemoryQuantity::parse));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void refusesControlCharacters(String field, String template, Consumer<String> parse) {
    List<String> accepted = new ArrayList<>();
    for (String control : CONTROLS) {
      try {
        parse.accept(template.formatted(control));
        accepted.add("U+%04X".formatted((int) control.charAt(0)));
      } catch (ValidationException refused) {
        // as it should
      }
    }
    assertThat(accepted).as(field + " accepted").isEmpty();
  }
}
