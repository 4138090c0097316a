package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/install.sh render} itself (bash and Debian's envsubst, what an operator runs): the
 * settings layer over settings.env, and the single-server overrides put every add-on on the one
 * node's pool. The pools are read from the rendered text, so selectors inside strings (the
 * Temporal values' extraObjects) count too.
 */
class InstallRenderTest {
  private static final Pattern POOL_SELECTOR = Pattern.compile("(?m)^\\s*pool: (\\S+)\\s*$");
  private static final Pattern POOL_TOLERATION = Pattern.compile("(?m)^\\s*(?:- )?key: pool\\n(?:\\s*operator: Equal\\n)?\\s*value: (\\S+)\\s*$");

  @TempDir Path scratch;

  @BeforeEach
  void tools() {
    RequiredTool.require("envsubst", "Debian's gettext-base");
    RequiredTool.require("bash", "bash");
  }

  @Test
  void theDefaultsPutEachAddOnOnItsOwnPool() {
    Path out = scratch.resolve("defaults");
    RequiredTool.Result result = render(null, out);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(values(POOL_SELECTOR, out)).containsExactlyInAnyOrder("ctrl", "ops", "build", "run");
    assertThat(values(POOL_TOLERATION, out)).containsExactlyInAnyOrder("ops", "build");
  }

  @Test
  void theSingleServerOverridesPutEveryAddOnOnTheRunPool() {
    Path defaults = scratch.resolve("defaults");
    Path single = scratch.resolve("single");
    render(null, defaults);
    RequiredTool.Result result = render(InfraPaths.infra().resolve("single-server.env"), single);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(values(POOL_SELECTOR, single)).containsOnly("run");
    assertThat(values(POOL_TOLERATION, single)).containsOnly("run");
    // Nothing lost its selector on the way: as many selectors as the four-pool render has.
    assertThat(count(POOL_SELECTOR, single)).isEqualTo(count(POOL_SELECTOR, defaults)).isGreaterThan(20);
    // An override changes only what it names.
    assertThat(read(single.resolve("k8s/10-registry.yml"))).contains("hostIP: 10.0.1.1").contains("path: /mnt/registry");
    assertThat(read(single.resolve("k8s/30-cert-manager-issuer.yml"))).contains("ops@ml.ink");
  }

  @Test
  void anOverrideOfANameSettingsEnvDoesNotDefineIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path typo = Files.writeString(scratch.resolve("typo.env"), "OPS_POOOL=run\n");
    Path out = scratch.resolve("out");
    RequiredTool.Result result = render(typo, out);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("sets OPS_POOOL, which infra/settings.env does not define");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingOverridesFileIsRefused() {
    RequiredTool.Result result = render(scratch.resolve("absent.env"), scratch.resolve("out"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("no settings file at").contains("absent.env");
  }

  private RequiredTool.Result render(Path overrides, Path out) {
    List<String> command = new ArrayList<>(List.of("env"));
    command.add("INFRA_SETTINGS=" + (overrides == null ? "" : overrides));
    command.addAll(List.of("bash", InfraPaths.infra().resolve("install.sh").toString(), "render", out.toString()));
    return RequiredTool.run(scratch, 60, command.toArray(String[]::new));
  }

  private static TreeSet<String> values(Pattern pattern, Path dir) {
    TreeSet<String> found = new TreeSet<>();
    for (String text : rendered(dir)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  private static long count(Pattern pattern, Path dir) {
    return rendered(dir).stream().mapToLong(text -> pattern.matcher(text).results().count()).sum();
  }

  private static List<String> rendered(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().map(InstallRenderTest::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
