package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaOptionsTest {
  @Test
  void addsOnlyFlagsTheRunningJdkKnows() {
    assertThat(JavaOptions.api(21)).isEmpty();
    assertThat(JavaOptions.api(22)).containsExactly("--enable-native-access=ALL-UNNAMED");
    assertThat(JavaOptions.worker(25))
        .containsExactly("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
  }
}
