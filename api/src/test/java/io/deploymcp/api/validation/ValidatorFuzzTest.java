package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.api.problem.ProblemCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * The value types that guard request fields, fed any text. Properties: each either gives a
 * value or throws ValidationException with its own code (anything else would be a 500); a value
 * parses again to itself from its canonical form; a repository path stays inside the checkout
 * however java.nio resolves it; and a ref GitRef accepts is one JGit, which does the checkout,
 * accepts too.
 */
class ValidatorFuzzTest {
  private static final ReservedNames RESERVED = new ReservedNames(List.of("status"));
  private static final Path CHECKOUT = Path.of("/workspaces/d1/src");

  private enum Field { NAME, ENV_KEY, REF, COMMIT, CPU, MEMORY, SCHEDULE, ROOT_DIR, DOCKERFILE, HEALTH, WATCH, PROJECT }

  @FuzzTest
  void everyFieldGivesAValueOrItsOwnValidationError(FuzzedDataProvider data) {
    Field field = data.pickValue(Field.values());
    String raw = data.consumeRemainingAsString();
    try {
      accept(field, raw);
    } catch (ValidationException refused) {
      assertThat(refused.code()).as("%s '%s'", field, raw).isIn(codes(field));
    }
  }

  private static void accept(Field field, String raw) {
    switch (field) {
      case NAME -> {
        ServiceName name = ServiceName.parse(raw, RESERVED);
        assertThat(ServiceName.parse(name.value(), RESERVED)).isEqualTo(name);
      }
      case ENV_KEY -> assertThat(new EnvKey(raw).value()).isEqualTo(raw);
      case REF -> {
        GitRef ref = GitRef.parse(raw, "branch");
        assertThat(Repository.isValidRefName("refs/heads/" + ref.value()))
            .as("JGit takes branch %s", ref.value())
            .isTrue();
      }
      case COMMIT -> RequestedCommit.parse(raw);
      case CPU -> {
        CpuQuantity cpu = CpuQuantity.parse(raw);
        assertThat(CpuQuantity.parse(cpu.format())).isEqualTo(cpu);
      }
      case MEMORY -> {
        MemoryQuantity memory = MemoryQuantity.parse(raw);
        assertThat(MemoryQuantity.parse(memory.format())).isEqualTo(memory);
      }
      case SCHEDULE -> new CronSchedule(raw);
      case ROOT_DIR -> staysInside(new RootDir(raw).value());
      case DOCKERFILE -> staysInside(DockerfilePath.orDefault(raw).value());
      case HEALTH -> new HealthCheckPath(raw);
      case WATCH -> WatchPaths.parse(List.of(raw)).values().forEach(ValidatorFuzzTest::staysInside);
      case PROJECT -> ProjectName.orDefault(raw);
    }
  }

  private static void staysInside(String relative) {
    Path resolved = CHECKOUT.resolve(relative).normalize();
    assertThat(resolved.startsWith(CHECKOUT)).as("%s resolves to %s", relative, resolved).isTrue();
  }

  private static Set<ProblemCode> codes(Field field) {
    return switch (field) {
      case NAME -> Set.of(ProblemCode.INVALID_NAME, ProblemCode.NAME_RESERVED);
      case ENV_KEY -> Set.of(ProblemCode.INVALID_ENV);
      case REF, COMMIT -> Set.of(ProblemCode.INVALID_REF);
      case CPU, MEMORY -> Set.of(ProblemCode.INVALID_RESOURCES);
      case SCHEDULE -> Set.of(ProblemCode.INVALID_SCHEDULE);
      case ROOT_DIR, DOCKERFILE, HEALTH, WATCH -> Set.of(ProblemCode.INVALID_PATH);
      case PROJECT -> Set.of(ProblemCode.INVALID_PROJECT);
    };
  }
}
