package io.deploymcp.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {
  private final ObjectMapper json = new ObjectMapper();

  private String mask(String body) {
    return String.valueOf(SecretMasking.mask(json, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void masksEnvValuesButKeepsTheRest() {
    String masked = mask("{\"name\":\"a\",\"env\":{\"TOKEN\":\"s3cr3t\",\"URL\":\"postgres://u:p@h\"}}");
    assertThat(masked).doesNotContain("s3cr3t").doesNotContain("postgres://").contains("TOKEN").contains("\"name\":\"a\"");
  }

  @Test
  void masksTheValueOfAnEnvPut() {
    assertThat(mask("{\"value\":\"s3cr3t\"}")).doesNotContain("s3cr3t").contains("***");
  }

  @Test
  void masksSecretFieldsWhereverTheyAreNested() {
    String masked = mask("{\"service\":{\"env\":{\"TOKEN\":\"s3cr3t-1\"},\"value\":\"s3cr3t-2\"},"
        + "\"items\":[{\"secret\":\"s3cr3t-3\",\"name\":\"kept\"},{\"secret\":true}],\"Value\":\"s3cr3t-4\"}");
    assertThat(masked).doesNotContain("s3cr3t").contains("\"name\":\"kept\"").contains("\"secret\":true").contains("TOKEN");
  }

  @Test
  void keepsNothingOfBodiesItCannotRead() {
    assertThat(mask("{\"env\": {\"A\": \"s3cr3t\"")).doesNotContain("s3cr3t");
    assertThat(mask("[\"s3cr3t\"]")).doesNotContain("s3cr3t");
    assertThat(mask("{\"env\": \"s3cr3t\"}")).doesNotContain("s3cr3t");
  }
}
