package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://bob:ghp_abc@github.com/a/b.git: not authorized | https://***@github.com/a/b.git: not authorized",
        "https://ghp_abc@github.com/a/b.git                   | https://***@github.com/a/b.git",
        "jdbc:postgresql://db/dp?user=dp&password=hunter2     | jdbc:postgresql://db/dp?user=dp&password=***",
        "token ghp_abc leaked in the middle                   | token *** leaked in the middle",
        "nothing secret here                                  | nothing secret here",
      })
  void masksKnownSecretsUserinfoAndPasswordParameters(String input, String expected) {
    assertThat(SecretRedactor.redact(input, List.of("ghp_abc"))).isEqualTo(expected);
  }
}
