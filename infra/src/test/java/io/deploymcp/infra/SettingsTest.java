package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraPaths;
import io.deploymcp.infra.support.InfraSettings;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** infra/settings.env and the ${NAME}s of the manifests and values files agree. */
class SettingsTest {
  private final InfraSettings settings = InfraSettings.defaults();

  private static Stream<Path> files() {
    return Stream.concat(InfraPaths.manifests().stream(), InfraPaths.values().stream());
  }

  @Test
  void everyPlaceholderIsASettingAndEverySettingIsUsed() {
    Set<String> used = new TreeSet<>();
    files().forEach(f -> used.addAll(InfraSettings.placeholders(InfraPaths.read(f))));

    assertThat(settings.values().keySet()).as("settings.env").containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void renderingLeavesNoPlaceholderAndKeepsOtherDollarSigns() {
    files().forEach(f -> assertThat(InfraSettings.placeholders(settings.render(InfraPaths.read(f)))).as("%s", f).isEmpty());
    // Alloy's relabel replacement and the Temporal Job's shell variables are not settings.
    assertThat(settings.render(InfraPaths.read(InfraPaths.values("alloy.yml")))).contains("/var/log/pods/*$1/*.log");
    assertThat(settings.render(InfraPaths.read(InfraPaths.values("temporal.yml")))).contains("-n \"$NAMESPACE\"");
  }

  @Test
  void aQuotedValueLosesItsQuotes() {
    assertThat(settings.value("POSTGRES_BACKUP_SCHEDULE")).isEqualTo("0 0 3 * * *");
  }
}
