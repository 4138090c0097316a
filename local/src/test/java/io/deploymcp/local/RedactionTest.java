package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void removesUserInfoFromUrls() {
    assertThat(Redaction.url("https://u:p@host:3100/x")).isEqualTo("https://***@host:3100/x");
    assertThat(Redaction.url("tcp://127.0.0.1:1234")).isEqualTo("tcp://127.0.0.1:1234");
    assertThat(Redaction.url("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
  }
}
