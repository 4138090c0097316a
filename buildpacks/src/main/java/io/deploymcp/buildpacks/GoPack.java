package io.deploymcp.buildpacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Go from {@code go.mod}: {@code go mod download} keyed on go.mod and go.sum, then a static ({@code
 * CGO_ENABLED=0}) build of the root package when it is {@code package main}, else of the only
 * directory under {@code cmd/}. The binary runs on {@code DP_BASE_IMAGE_GO_RUNTIME} when set, else
 * on the Go image.
 */
final class GoPack implements LanguagePack {

  private static final Pattern PACKAGE_MAIN = Pattern.compile("(?m)^package\\s+main\\s*$");
  private static final Pattern SAFE_DIR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final String MOD_CACHE = "/root/go/pkg/mod";
  private static final String BUILD_CACHE = "/root/.cache/go-build";

  @Override
  public Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack) {
    if (!files.isFile("go.mod")) {
      return Optional.empty();
    }
    List<String> detectedFrom = new ArrayList<>(List.of("go.mod"));
    String target = mainPackage(files);
    BaseImages images = options.baseImages();
    String goImage = images.require(BaseImages.GO_VARIABLE, images.go(), Provider.GO);
    String runtimeImage = images.goRuntime() != null ? images.goRuntime() : goImage;

    DockerfileWriter writer = new DockerfileWriter(options.secretKeys());
    writer.header(
        pack,
        "go, go build " + target,
        detectedFrom,
        images.goRuntime() != null
            ? List.of(BaseImages.GO_VARIABLE, BaseImages.GO_RUNTIME_VARIABLE)
            : List.of(BaseImages.GO_VARIABLE));
    writer.from(goImage, "build");
    writer.workdir("/src");
    writer.env("CGO_ENABLED", "0");
    writer.env("GOMODCACHE", MOD_CACHE);
    writer.env("GOCACHE", BUILD_CACHE);
    writer.args(options.buildArgKeys());
    boolean vendored = files.isFile("vendor/modules.txt");
    if (!vendored) {
      List<String> manifests = new ArrayList<>(List.of("go.mod"));
      if (files.isFile("go.sum")) {
        manifests.add("go.sum");
      }
      writer.copy(manifests, "./");
      writer.runProject(List.of(MOD_CACHE), false, "go mod download");
    }
    writer.copy(List.of("."), ".");
    writer.runProject(
        List.of(MOD_CACHE, BUILD_CACHE),
        false,
        "go build -trimpath -ldflags=\"-s -w\" -o /out/app/server "
            + target
            + " && mkdir -p /out/home");
    writer.blank();
    writer.from(runtimeImage);
    writer.copyFrom("build", false, "/out/app/", "/app/");
    // Copying an empty directory with --chown makes a HOME uid 1000 owns, without needing a
    // shell in the runtime image.
    writer.copyFrom("build", true, "/out/home/", DockerfileWriter.APP_HOME + "/");
    writer.workdir("/app");
    writer.env("HOME", DockerfileWriter.APP_HOME);
    writer.env("PORT", Integer.toString(options.port()));
    writer.user();
    writer.expose(options.port());
    writer.cmd(List.of("/app/server"));
    return Optional.of(new Generated(Provider.GO, detectedFrom, writer.text(), List.of(".git")));
  }

  private static String mainPackage(ContextFiles files) {
    if (hasPackageMain(files, "")) {
      return ".";
    }
    List<String> commands =
        files.directoriesIn("cmd").stream()
            .filter(dir -> SAFE_DIR.matcher(dir).matches())
            .filter(dir -> hasPackageMain(files, "cmd/" + dir))
            .toList();
    if (commands.size() == 1) {
      return "./cmd/" + commands.getFirst();
    }
    throw new BuildPlanException(
        BuildPlanException.Code.NO_BUILD_PLAN,
        commands.isEmpty()
            ? "Go module (go.mod) with no package main at the root or under cmd/"
            : "Go module (go.mod) with several commands under cmd/: " + String.join(", ", commands),
        "Put the server's package main at the module root, or keep exactly one directory under"
            + " cmd/; or build with build_pack=dockerfile.");
  }

  private static boolean hasPackageMain(ContextFiles files, String dir) {
    for (String name : files.filesIn(dir)) {
      if (name.endsWith(".go") && !name.endsWith("_test.go")) {
        String path = dir.isEmpty() ? name : dir + "/" + name;
        if (files.read(path).map(text -> PACKAGE_MAIN.matcher(text).find()).orElse(false)) {
          return true;
        }
      }
    }
    return false;
  }
}
