package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ProblemCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {
  private final ResourceBounds bounds =
      new ResourceBounds(
          CpuQuantity.parse("50m"), CpuQuantity.parse("4"), CpuQuantity.parse("250m"),
          MemoryQuantity.parse("64Mi"), MemoryQuantity.parse("8Gi"), MemoryQuantity.parse("256Mi"));

  @ParameterizedTest
  @CsvSource({"250m,250,250m", "0.5,500,500m", "1,1000,1", "1.5,1500,1500m", "2,2000,2", "0.05,50,50m", "4000m,4000,4"})
  void parsesCpu(String raw, int millis, String canonical) {
    CpuQuantity cpu = CpuQuantity.parse(raw);
    assertThat(cpu.millis()).isEqualTo(millis);
    assertThat(cpu.format()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({"256Mi,256,256Mi", "1Gi,1024,1Gi", "0.5Gi,512,512Mi", "512M,489,489Mi", "1G,954,954Mi", "1536Mi,1536,1536Mi"})
  void parsesMemory(String raw, int mib, String canonical) {
    MemoryQuantity memory = MemoryQuantity.parse(raw);
    assertThat(memory.mebibytes()).isEqualTo(mib);
    assertThat(memory.format()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-1", "0", "0m", "0.0001", "1.2345", "250 m", "1e3", "250M"})
  void rejectsBadCpu(String raw) {
    assertThatThrownBy(() -> bounds.cpu(raw))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(ProblemCode.INVALID_RESOURCES);
          assertThat(e.field()).isEqualTo("cpu");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "256", "256mi", "256MB", "-1Gi", "0Mi", "1Ki", "abc"})
  void rejectsBadMemory(String raw) {
    assertThatThrownBy(() -> bounds.memory(raw))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(ProblemCode.INVALID_RESOURCES);
          assertThat(e.field()).isEqualTo("memory");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"10m", "49m", "4001m", "5", "64"})
  void enforcesCpuBounds(String raw) {
    assertThatThrownBy(() -> bounds.cpu(raw)).hasMessageContaining("outside 50m to 4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"32Mi", "63Mi", "9Gi", "8193Mi"})
  void enforcesMemoryBounds(String raw) {
    assertThatThrownBy(() -> bounds.memory(raw)).hasMessageContaining("outside 64Mi to 8Gi");
  }

  @Test
  void absentMeansDefault() {
    assertThat(bounds.cpu(null).format()).isEqualTo("250m");
    assertThat(bounds.memory(null).format()).isEqualTo("256Mi");
  }
}
