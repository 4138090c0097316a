package io.deploymcp.api.validation;

import java.math.BigInteger;
import java.util.Optional;

/**
 * How the most lenient IPv4 readers (glibc's inet_aton behind getaddrinfo, curl, the WHATWG URL
 * standard) read a host: one to four dot-separated numbers, each decimal, 0x-hex or 0-octal, the
 * last one filling the remaining bytes, one trailing dot ignored. A second opinion for the fuzz
 * target, written apart from {@link RepoUrl}: any host this reads as an address is an address to
 * some client, however RepoUrl classified it.
 */
final class NumericHost {
  private NumericHost() {}

  static Optional<byte[]> ipv4(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = h.split("\\.", -1);
    if (h.isEmpty() || parts.length > 4) {
      return Optional.empty();
    }
    BigInteger[] numbers = new BigInteger[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Optional<BigInteger> n = number(parts[i]);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      numbers[i] = n.get();
    }
    BigInteger value = BigInteger.ZERO;
    for (int i = 0; i < parts.length - 1; i++) {
      if (numbers[i].compareTo(BigInteger.valueOf(255)) > 0) {
        return Optional.empty();
      }
      value = value.or(numbers[i].shiftLeft(8 * (3 - i)));
    }
    BigInteger last = numbers[parts.length - 1];
    if (last.bitLength() > 8 * (5 - parts.length)) {
      return Optional.empty();
    }
    value = value.or(last);
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) value.shiftRight(8 * (3 - i)).intValue();
    }
    return Optional.of(out);
  }

  private static Optional<BigInteger> number(String part) {
    String lower = part.toLowerCase(java.util.Locale.ROOT);
    int radix = 10;
    String digits = lower;
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = lower.substring(2);
      if (digits.isEmpty()) {
        return Optional.of(BigInteger.ZERO); // WHATWG reads a bare "0x" as 0
      }
    } else if (lower.length() > 1 && lower.startsWith("0")) {
      radix = 8;
      digits = lower.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 64) {
      return Optional.empty();
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 0x7f) {
        return Optional.empty();
      }
    }
    return Optional.of(new BigInteger(digits, radix));
  }
}
