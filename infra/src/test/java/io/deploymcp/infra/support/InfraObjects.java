package io.deploymcp.infra.support;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kubernetes objects under test, rendered with infra/settings.env. */
public final class InfraObjects {
  private InfraObjects() {}

  /** Every object of infra/k8s/*.yml. */
  public static List<KubeObject> manifests() {
    InfraSettings settings = InfraSettings.defaults();
    List<KubeObject> objects = new ArrayList<>();
    for (Path file : InfraPaths.manifests()) {
      objects.addAll(parse("infra/k8s/" + file.getFileName(), settings.render(InfraPaths.read(file))));
    }
    return objects;
  }

  /** A values file of infra/values, rendered and parsed. */
  public static Map<String, Object> values(String name) {
    return Yaml.single(InfraSettings.defaults().render(InfraPaths.read(InfraPaths.values(name))));
  }

  /**
   * The objects of values/temporal.yml's extraObjects, rendered by Helm itself the way the
   * Temporal chart (1.6.0, templates/extra-objects.yaml) does: each entry through tpl, with the
   * chart's default admin-tools image. Release "temporal" in dp-system, as infra/install.sh.
   */
  public static List<KubeObject> temporalExtraObjects(Path scratch) {
    try {
      Path chart = Files.createDirectories(scratch.resolve("temporal-extra-objects"));
      Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: temporal\nversion: 1.6.0\n");
      Files.writeString(
          chart.resolve("values.yaml"),
          "admintools:\n  image:\n    repository: temporalio/admin-tools\n    tag: \"1.31.2\"\nextraObjects: []\n");
      Files.createDirectories(chart.resolve("templates"));
      Files.writeString(
          chart.resolve("templates/extra-objects.yaml"),
          "{{- range .Values.extraObjects }}\n---\n{{ tpl . $ }}\n{{- end }}\n");
      Path values = scratch.resolve("temporal-values.yml");
      Files.writeString(values, InfraSettings.defaults().render(InfraPaths.read(InfraPaths.values("temporal.yml"))));
      String rendered =
          new Helm(chart).template().withName("temporal").withNamespace("dp-system").withValuesFile(values).call();
      return parse("infra/values/temporal.yml extraObjects", rendered);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * helm/deploy-mcp as Helm (helm-java) renders it: with its defaults, with each of the chart's own
   * {@code ci/*-values.yaml} (the chart-testing convention), and with this module's
   * production-like values. {@code -Dinfra.chart.dir} points at another copy of the chart.
   */
  public static List<KubeObject> chartRenders() {
    List<KubeObject> objects = new ArrayList<>(chart(null));
    Path ci = chartDir().resolve("ci");
    if (Files.isDirectory(ci)) {
      try (var files = Files.list(ci)) {
        for (Path values : files.filter(f -> f.getFileName().toString().matches(".*values\\.ya?ml")).sorted().toList()) {
          objects.addAll(chart(values));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    objects.addAll(chart(InfraPaths.infra().resolve("src/test/resources/deploy-mcp-production-values.yaml")));
    return objects;
  }

  /** helm/deploy-mcp rendered by Helm (helm-java), with its defaults or a values file. */
  public static List<KubeObject> chart(Path valuesFile) {
    var template = new Helm(chartDir()).template().withName("deploy-mcp").withNamespace("dp-system");
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    String source = "helm/deploy-mcp" + (valuesFile == null ? " (defaults)" : " (" + valuesFile.getFileName() + ")");
    return parse(source, template.call());
  }

  private static Path chartDir() {
    String override = System.getProperty("infra.chart.dir");
    return override != null && !override.isBlank()
        ? Path.of(override)
        : InfraPaths.repository().resolve("helm/deploy-mcp");
  }

  @SuppressWarnings("unchecked")
  static List<KubeObject> parse(String source, String yaml) {
    List<KubeObject> objects = new ArrayList<>();
    for (Object document : Yaml.documents(yaml)) {
      if (!(document instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(source + ": a document that is not a mapping: " + document);
      }
      objects.add(new KubeObject(source, (Map<String, Object>) map));
    }
    return objects;
  }
}
