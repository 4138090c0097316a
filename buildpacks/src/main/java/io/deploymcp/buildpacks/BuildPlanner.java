package io.deploymcp.buildpacks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a checked-out build context into a {@link BuildPlan}. Reads the context, never writes it,
 * and holds no state: one instance serves every build.
 *
 * <p>Railpack tries Go, Java, Python, Node.js and static sites in that order (the first match wins,
 * so a Python app with a package.json for its CSS tooling builds as Python, and a Node.js app with
 * an index.html as Node.js). It never uses a Dockerfile in the repo: that is the dockerfile pack's
 * job, and the NO_BUILD_PLAN hint points there when one exists.
 */
public final class BuildPlanner {

  /** What Railpack looks for, in the words of the NO_BUILD_PLAN hint. */
  public static final String LOOKED_FOR =
      "package.json (Node.js), requirements.txt or pyproject.toml (Python), go.mod (Go),"
          + " pom.xml or build.gradle(.kts) (Java; mvnw or gradlew used when present), index.html"
          + " at the root or in dist/, build/ or public/ (static site)";

  private final StaticSitePack staticSite = new StaticSitePack();
  private final List<LanguagePack> railpack =
      List.of(new GoPack(), new JavaPack(), new PythonPack(), new NodePack(), staticSite);

  /**
   * @throws BuildPlanException when no plan can be made; its code says why
   * @throws java.io.UncheckedIOException when the context cannot be read
   */
  public BuildPlan plan(BuildPack pack, Path contextDir, PlanOptions options) {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(options, "options");
    if (!Files.isDirectory(contextDir)) {
      throw new IllegalArgumentException("the build context is not a directory");
    }
    ContextFiles files = new ContextFiles(contextDir);
    return switch (pack) {
      case DOCKERFILE -> RepositoryDockerfile.plan(contextDir, options);
      case STATIC -> toPlan(pack, contextDir, options, staticSite.planAlways(files, options));
      case RAILPACK -> toPlan(pack, contextDir, options, detect(files, options));
    };
  }

  private LanguagePack.Generated detect(ContextFiles files, PlanOptions options) {
    for (LanguagePack language : railpack) {
      Optional<LanguagePack.Generated> generated =
          language.plan(files, options, BuildPack.RAILPACK);
      if (generated.isPresent()) {
        return generated.get();
      }
    }
    String dockerfileNote =
        files.isFile("Dockerfile")
            ? " This context has a Dockerfile: set build_pack=dockerfile to build with it."
            : " Or commit a Dockerfile and set build_pack=dockerfile.";
    throw new BuildPlanException(
        BuildPlanException.Code.NO_BUILD_PLAN,
        "railpack recognised nothing in the build context",
        "Looked for "
            + LOOKED_FOR
            + " at the top of the build context (root_dir)."
            + " Check root_dir points at the project."
            + dockerfileNote);
  }

  private static BuildPlan toPlan(
      BuildPack pack, Path contextDir, PlanOptions options, LanguagePack.Generated generated) {
    return new BuildPlan(
        pack,
        generated.provider(),
        generated.detectedFrom(),
        contextDir,
        new DockerfileSource.Generated(generated.dockerfile()),
        generated.contextExcludes(),
        options.port(),
        options.buildArgKeys(),
        options.secretKeys());
  }
}
