package io.deploymcp.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates Kubernetes objects with src/test/node/validate.mjs: the kubernetes-models packages'
 * JSON-schema validators (Kubernetes OpenAPI; cert-manager, Traefik and prometheus-operator CRDs)
 * plus TypeScript's excess-property check over the same models, for unknown fields. The npm
 * packages are installed once into target/validator with {@code npm ci} from the committed
 * package-lock.json, and again only when the lock changes (npm's own cache is ~/.npm).
 */
public final class KubernetesValidator {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path SOURCE = InfraPaths.infra().resolve("src/test/node");
  private static final Path HOME = InfraPaths.infra().resolve("target/validator");
  private static KubernetesValidator installed;

  private final Path node;

  private KubernetesValidator(Path node) {
    this.node = node;
  }

  /** Installs the validator's packages if needed; skips (or, under CI, fails) without node and npm. */
  public static synchronized KubernetesValidator installed() {
    if (installed != null) {
      return installed;
    }
    Path node = RequiredTool.require("node", "Debian: apt-get install nodejs");
    Path npm = RequiredTool.require("npm", "Debian: apt-get install npm");
    try {
      Files.createDirectories(HOME);
      for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
        Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      Path stamp = HOME.resolve("node_modules/.installed-from-lock");
      String lock = Files.readString(SOURCE.resolve("package-lock.json"));
      if (!Files.exists(stamp) || !Files.readString(stamp).equals(lock)) {
        RequiredTool.Result ci =
            RequiredTool.run(HOME, 300, npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (ci.exitCode() != 0) {
          throw new AssertionError("npm ci in " + HOME + " failed:\n" + ci.output());
        }
        Files.writeString(stamp, lock);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    installed = new KubernetesValidator(node);
    return installed;
  }

  public List<Result> validate(List<KubeObject> objects) {
    try {
      Path input = Files.createTempFile(HOME, "objects-", ".json");
      try {
        List<Map<String, Object>> items = new ArrayList<>();
        for (KubeObject o : objects) {
          items.add(Map.of("source", o.source(), "object", o.object()));
        }
        JSON.writeValue(input.toFile(), items);
        RequiredTool.Result run = RequiredTool.run(HOME, 180, node.toString(), "validate.mjs", input.toString());
        if (run.exitCode() != 0) {
          throw new AssertionError("validate.mjs failed:\n" + run.output());
        }
        String out = run.output();
        // npm/node warnings (e.g. an engine notice) may precede the JSON array.
        return JSON.readValue(out.substring(out.indexOf('[')), new TypeReference<List<Result>>() {});
      } finally {
        Files.deleteIfExists(input);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One object's findings; empty {@code errors} means valid. */
  public record Result(String source, String kind, String name, List<String> errors) {
    @Override
    public String toString() {
      return kind + " " + name + " (" + source + "): " + String.join("; ", errors);
    }
  }
}
