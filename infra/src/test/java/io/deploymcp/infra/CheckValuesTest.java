package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.RequiredTool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * infra/bin/check-values, the key checker run by hand against the upstream charts
 * (infra/README.md "Checked against"), on a made-up chart: it reports unknown and mismatched keys
 * and accepts free maps, subchart keys and keys allowed by name.
 */
class CheckValuesTest {
  private static final Path FIXTURES = InfraPaths.infra().resolve("src/test/resources/check-values");

  private static RequiredTool.Result check(String... extra) {
    Path python = RequiredTool.require("python3", "Debian: apt-get install python3 python3-yaml");
    String[] command = new String[3 + extra.length];
    command[0] = python.toString();
    command[1] = InfraPaths.infra().resolve("bin/check-values").toString();
    command[2] = FIXTURES.resolve("ours.yaml").toString();
    System.arraycopy(extra, 0, command, 3, extra.length);
    return RequiredTool.run(InfraPaths.infra(), 30, command);
  }

  @Test
  void reportsEveryUnknownOrMismatchedKeyAndNothingElse() {
    RequiredTool.Result result =
        check(FIXTURES.resolve("upstream.yaml").toString(), "--subchart", "sub=" + FIXTURES.resolve("subchart.yaml"));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output().lines().filter(l -> !l.contains(" keys known")))
        .containsExactlyInAnyOrder(
            "unknown: image.tga",
            "unknown: service.portt",
            "mismatch: service.type (upstream: str, ours: map)",
            "unknown: sub.replicas");
  }

  @Test
  void aKeyAllowedByNamePasses() {
    RequiredTool.Result result =
        check(FIXTURES.resolve("upstream.yaml").toString(), "--subchart", "sub=" + FIXTURES.resolve("subchart.yaml"),
            "--allow", "image.tga", "--allow", "service.portt", "--allow", "service.type", "--allow", "sub.replicas");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("4 allowed by name, 0 unknown");
  }

  @Test
  void withoutTheSubchartItsKeysAreFreeUnderTheParentsEmptyMap() {
    RequiredTool.Result result = check(FIXTURES.resolve("upstream.yaml").toString());

    assertThat(result.output()).doesNotContain("sub.replicas");
  }
}
