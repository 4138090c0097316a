package io.deploymcp.store.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineMaskerTest {
  private static final String SECRET = "hunter2-Very$ecret/+=";
  private final LineMasker masker = LineMasker.of(List.of(SECRET, "another-token-123"));

  @Test
  void masksEveryOccurrenceOfEachValue() {
    assertThat(masker.mask("a " + SECRET + " b " + SECRET + " c another-token-123"))
        .isEqualTo("a *** b *** c ***");
  }

  @Test
  void masksTheBase64OfTheWholeValue() {
    String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(masker.mask("echo " + encoded)).isEqualTo("echo ***");
  }

  /** A secret inside a longer encoded string (e.g. Basic auth) at each byte alignment. */
  @ParameterizedTest
  @ValueSource(strings = {"", "u", "us", "usr:", "user:", "deploy:"})
  void masksTheSecretInsideLongerBase64(String prefix) {
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      String header = encoder.encodeToString((prefix + SECRET + "@tail").getBytes(StandardCharsets.UTF_8));
      String masked = masker.mask("Authorization: Basic " + header);
      assertThat(masked).contains(LineMasker.MASK);
      // All but the (at most 2 + 1) characters shared with the neighbouring bytes are gone.
      String rest = masked.substring("Authorization: Basic ".length()).replace(LineMasker.MASK, "");
      int secretChars = SECRET.length() * 4 / 3;
      assertThat(header.length() - rest.length()).isGreaterThanOrEqualTo(secretChars - 3);
    }
  }

  @Test
  void masksTheUrlEncodedValue() {
    String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    assertThat(encoded).isNotEqualTo(SECRET);
    assertThat(masker.mask("GET /cb?token=" + encoded)).isEqualTo("GET /cb?token=***");
  }

  @Test
  void masksEachLineOfAMultiLineValue() {
    String pem = "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX\n-----END KEY-----";
    LineMasker pemMasker = LineMasker.of(List.of(pem));
    assertThat(pemMasker.mask("  MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX")).isEqualTo("  ***");
  }

  @Test
  void ignoresValuesTooShortToMeanAnything() {
    LineMasker shortOnes = LineMasker.of(java.util.Arrays.asList("a", "on", "yes", null, ""));
    assertThat(shortOnes.mask("yes, a line on it")).isEqualTo("yes, a line on it");
    assertThat(shortOnes).isSameAs(LineMasker.none());
  }

  @Test
  void leavesOtherTextAloneAndMasksLogLines() {
    Instant at = Instant.now();
    List<LogLine> masked = masker.mask(List.of(new LogLine(at, "stderr", "token " + SECRET), new LogLine(at, "stdout", "plain")));
    assertThat(masked).containsExactly(new LogLine(at, "stderr", "token ***"), new LogLine(at, "stdout", "plain"));
    assertThat(masker.toString()).doesNotContain("hunter2");
  }

  @Test
  void noneChangesNothing() {
    assertThat(LineMasker.none().mask("anything")).isEqualTo("anything");
  }
}
