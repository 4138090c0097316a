package io.deploymcp.store.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log lines from the fuzzer that print the service's secrets the ways a build does: as they
 * are, one line of a multi-line secret, URL-encoded, or inside base64 of a longer text
 * ({@code user:secret} in a Basic auth header). Properties, checked on the masked line without
 * knowing which forms the masker derives: no secret (nor line of one) of at least
 * {@link LineMasker#MIN_LENGTH} characters appears; no run of base64 in it decodes, at any
 * alignment, to bytes holding a secret; URL-decoding it does not give one back; a line of
 * nothing a form could be made of is unchanged; masking twice changes nothing more; and a line
 * of a part repeated up to 1 MiB is masked quickly.
 */
class LineMaskerFuzzTest {
  private static final long DEADLINE_NANOS = 10_000_000_000L;
  private static final Pattern STANDARD_RUN = Pattern.compile("[A-Za-z0-9+/]+");
  private static final Pattern URL_SAFE_RUN = Pattern.compile("[A-Za-z0-9_-]+");
  /** Four characters in a row that a plain, URL-encoded or base64 form could contain. */
  private static final Pattern FORM_MATERIAL = Pattern.compile("[A-Za-z0-9+/_%*.=-]{4}");

  @FuzzTest
  void noSecretCanBeReadBackFromAMaskedLine(FuzzedDataProvider data) {
    List<String> secrets = new ArrayList<>();
    int count = data.consumeInt(1, 3);
    for (int i = 0; i < count; i++) {
      secrets.add(data.consumeString(40));
    }
    LineMasker masker = LineMasker.of(secrets);
    String filler = data.consumeString(30);
    String secret = data.pickValue(secrets);
    int form = data.consumeInt(0, 5);
    String line = switch (form) {
      case 0 -> filler + secret + data.consumeString(30);
      case 1 -> {
        String[] lines = secret.split("\r?\n", -1);
        yield filler + " " + lines[data.consumeInt(0, lines.length - 1)].strip();
      }
      case 2 -> filler + URLEncoder.encode(data.consumeString(10) + secret + data.consumeString(10), StandardCharsets.UTF_8);
      case 3 -> {
        byte[] wrapped = (data.consumeString(10) + secret + data.consumeString(10)).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder encoder = data.pickValue(List.of(
            Base64.getEncoder(), Base64.getEncoder().withoutPadding(), Base64.getUrlEncoder(), Base64.getUrlEncoder().withoutPadding()));
        yield filler + encoder.encodeToString(wrapped) + data.consumeString(10);
      }
      case 4 -> {
        // Secret-free text of any size: the masker's time on a long line.
        String part = data.consumeString(8);
        int times = part.isEmpty() ? 0 : data.consumeInt(0, (1 << data.consumeInt(0, 20)) / part.length());
        yield filler + part.repeat(times);
      }
      default -> filler;
    };

    long started = System.nanoTime();
    String masked = masker.mask(line);
    assertThat(System.nanoTime() - started).as("masking %d characters", line.length()).isLessThan(DEADLINE_NANOS);

    List<String> values = values(secrets);
    for (String value : values) {
      // A mask next to text can spell a value made of the mask's own '*': such a value is not looked for.
      if (value.indexOf('*') >= 0) {
        continue;
      }
      assertThat(masked).as("%s masked for %s", line, value).doesNotContain(value);
      if (form == 4) {
        continue; // the long line holds no encoded secret; decoding a MiB four ways would only slow the run
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      assertThat(decodesToHold(masked, STANDARD_RUN, Base64.getDecoder(), bytes)).as("base64 in %s", masked).isFalse();
      assertThat(decodesToHold(masked, URL_SAFE_RUN, Base64.getUrlDecoder(), bytes)).as("base64url in %s", masked).isFalse();
      try {
        assertThat(URLDecoder.decode(masked, StandardCharsets.UTF_8)).as("URL-decoded %s", masked).doesNotContain(value);
      } catch (IllegalArgumentException notDecodable) {
        // A mask that cut through a %XX: no decoder reads anything back from it.
      }
    }
    if (values.stream().noneMatch(line::contains) && !FORM_MATERIAL.matcher(line).find()) {
      assertThat(masked).as("a line without secrets").isEqualTo(line);
    }
    if (values.stream().allMatch(v -> v.indexOf('*') < 0)) {
      assertThat(masker.mask(masked)).as("masked again").isEqualTo(masked);
    }
  }

  /** The texts no line may show: each secret, each line of a multi-line one, stripped. */
  private static List<String> values(List<String> secrets) {
    List<String> values = new ArrayList<>();
    for (String secret : secrets) {
      values.add(secret);
      if (secret.indexOf('\n') >= 0) {
        for (String line : secret.split("\r?\n")) {
          values.add(line.strip());
        }
      }
    }
    values.removeIf(v -> v.length() < LineMasker.MIN_LENGTH);
    return values;
  }

  /** Whether some run of the alphabet, decoded from any of its four offsets, holds {@code needle}. */
  private static boolean decodesToHold(String text, Pattern alphabet, Base64.Decoder decoder, byte[] needle) {
    Matcher run = alphabet.matcher(text);
    while (run.find()) {
      String chars = run.group();
      for (int offset = 0; offset < 4 && offset < chars.length(); offset++) {
        String group = chars.substring(offset);
        if (group.length() % 4 == 1) {
          group = group.substring(0, group.length() - 1);
        }
        if (contains(decoder.decode(group), needle)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
