package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaOptionsTest {
  private final Path data = Path.of("/srv/dp");

  @Test
  void addsOnlyFlagsTheRunningJdkKnows() {
    assertThat(JavaOptions.quiet(21)).isEmpty();
    assertThat(JavaOptions.quiet(22)).containsExactly("--enable-native-access=ALL-UNNAMED");
    assertThat(JavaOptions.quiet(25))
        .containsExactly("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void keepsOneClassDataArchivePerProcessAndJdkInTheDataDirectory() {
    assertThat(JavaOptions.api(25, data)).contains("-XX:SharedArchiveFile=/srv/dp/cds/api-jdk25.jsa");
    assertThat(JavaOptions.worker(21, data)).contains("-XX:SharedArchiveFile=/srv/dp/cds/worker-jdk21.jsa")
        .doesNotContain("--enable-native-access=ALL-UNNAMED");
  }

  @Test
  void sizesTheHeapForALaptop() {
    assertThat(JavaOptions.api(25, data)).contains("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m");
  }
}
