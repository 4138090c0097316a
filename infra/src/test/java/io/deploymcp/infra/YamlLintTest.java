package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.InfraSettings;
import io.deploymcp.infra.support.RequiredTool;
import io.deploymcp.infra.support.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML file of infra/ parses and passes yamllint (infra/.yamllint, strict), as written and as rendered. */
class YamlLintTest {
  @TempDir Path rendered;

  @Test
  void infraPassesYamllintStrict() {
    Path yamllint = RequiredTool.require("yamllint", "Debian: apt-get install yamllint");
    Path infra = InfraPaths.infra();

    RequiredTool.Result lint =
        RequiredTool.run(infra, 60, yamllint.toString(), "--strict", "-f", "parsable", "-c", ".yamllint", ".");

    assertThat(lint.exitCode()).as("yamllint:\n%s", lint.output()).isZero();
  }

  @Test
  void renderedFilesPassYamllintToo() throws Exception {
    Path yamllint = RequiredTool.require("yamllint", "Debian: apt-get install yamllint");
    InfraSettings settings = InfraSettings.defaults();
    for (Path f : InfraPaths.manifests()) {
      Files.writeString(rendered.resolve(f.getFileName()), settings.render(InfraPaths.read(f)));
    }
    for (Path f : InfraPaths.values()) {
      Files.writeString(rendered.resolve("values-" + f.getFileName()), settings.render(InfraPaths.read(f)));
    }

    RequiredTool.Result lint =
        RequiredTool.run(
            rendered, 60, yamllint.toString(), "--strict", "-f", "parsable",
            "-c", InfraPaths.infra().resolve(".yamllint").toString(), ".");

    assertThat(lint.exitCode()).as("yamllint:\n%s", lint.output()).isZero();
  }

  @Test
  void everyManifestAndValuesFileParses() {
    assertThat(InfraObjects.manifests()).hasSizeGreaterThanOrEqualTo(15);
    for (Path f : InfraPaths.values()) {
      assertThat(InfraObjects.values(f.getFileName().toString())).as("%s", f).isNotEmpty();
    }
  }

  @Test
  void everyFileOpensWithACommentNamingItsSeedSection() {
    for (Path f : java.util.stream.Stream.concat(InfraPaths.manifests().stream(), InfraPaths.values().stream()).toList()) {
      String text = InfraPaths.read(f);
      assertThat(text).as("%s", f).startsWith("# ");
      assertThat(text.lines().takeWhile(l -> l.startsWith("#")).toList().toString())
          .as("%s names the seed section it implements", f)
          .containsPattern("seed 001 §\\d+|DESIGN\\.md §\\d+");
    }
    assertThat(Yaml.documents("a: 1\n---\nb: 2\n")).hasSize(2);
  }

  @Test
  void yamlIsReadAsKubernetesReadsIt() {
    // YAML 1.1, like the API machinery: an unquoted file mode is octal, not the string "0440".
    assertThat(Yaml.single("defaultMode: 0440\nenabled: true\n")).containsEntry("defaultMode", 0440).containsEntry("enabled", true);
  }
}
