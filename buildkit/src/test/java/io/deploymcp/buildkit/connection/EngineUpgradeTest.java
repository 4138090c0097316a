package io.deploymcp.buildkit.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineUpgradeTest {

  @Test
  void requestAsksTheEngineToSwitchGrpcToH2c() {
    String request = new String(EngineUpgrade.request(), StandardCharsets.US_ASCII);

    assertThat(request).startsWith("POST /grpc HTTP/1.1\r\n");
    assertThat(request).contains("\r\nHost: ", "\r\nConnection: Upgrade\r\n", "\r\nUpgrade: h2c\r\n");
    assertThat(request).endsWith("\r\n\r\n");
  }

  @Test
  void findsTheEndOfTheHeadEvenWhenHttp2BytesFollow() {
    byte[] bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n\0\0\u0012\u0004"
        .getBytes(StandardCharsets.ISO_8859_1);

    int end = EngineUpgrade.headEnd(bytes, bytes.length);

    assertThat(end).isEqualTo(bytes.length - 4);
  }

  @Test
  void headIsIncompleteWithoutTheBlankLine() {
    byte[] bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(EngineUpgrade.headEnd(bytes, bytes.length)).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "HTTP/1.1 101 Switching Protocols   | 101 | true",
      "HTTP/1.1 404 Not Found             | 404 | false",
      "HTTP/1.0 500 Internal Server Error | 500 | false",
      "SSH-2.0-OpenSSH_9.2                | -1  | false",
      "HTTP/1.1 abc                       | -1  | false"})
  void readsTheStatusLine(String statusLine, int code, boolean switched) {
    EngineUpgrade.Status status = EngineUpgrade.status(statusLine + "\r\nConnection: Upgrade\r\n\r\n");

    assertThat(status.code()).isEqualTo(code);
    assertThat(status.switched()).isEqualTo(switched);
    assertThat(status.line()).isEqualTo(statusLine);
  }

  @Test
  void statusLineIsCutAndMadePrintable() {
    EngineUpgrade.Status status = EngineUpgrade.status("\u0001\u0002" + "x".repeat(300) + "\r\n\r\n");

    assertThat(status.code()).isEqualTo(-1);
    assertThat(status.line()).hasSize(120).startsWith("??x");
  }
}
