package io.deploymcp.buildpacks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Node.js from {@code package.json}. The package manager comes from the {@code packageManager}
 * field, else the lockfile (pnpm, yarn, npm). Dependencies install in their own layer keyed on the
 * manifests alone, unless install needs the sources (workspaces, install hooks). Start: the {@code
 * start} script, else {@code node <main>}, else {@code index.js}/{@code server.js}/{@code
 * app.js}/{@code main.js}; a project with only a {@code build} script is a static site whose build
 * output (the first of dist/, build/, out/ with an index.html) is served like the static pack.
 */
final class NodePack implements LanguagePack {

  private static final String CACHE_ROOT = DockerfileWriter.APP_HOME;
  // "main" ends up in CMD: a plain relative path or nothing.
  private static final Pattern SAFE_PATH = Pattern.compile("(\\./)?[A-Za-z0-9_@][A-Za-z0-9._@/-]*");
  private static final List<String> ENTRY_FILES =
      List.of("index.js", "server.js", "app.js", "main.js");
  private static final List<String> INSTALL_HOOKS =
      List.of("preinstall", "install", "postinstall", "prepare");
  private static final List<String> BUILD_OUTPUT_DIRS = List.of("dist", "build", "out");

  private enum Manager {
    NPM("npm", CACHE_ROOT + "/.npm"),
    YARN("yarn", CACHE_ROOT + "/.cache/yarn"),
    PNPM("pnpm", CACHE_ROOT + "/.local/share/pnpm/store");

    final String command;
    final String cache;

    Manager(String command, String cache) {
      this.command = command;
      this.cache = cache;
    }
  }

  @Override
  public Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack) {
    if (!files.isFile("package.json")) {
      return Optional.empty();
    }
    JsonObject manifest = parse(files.read("package.json").orElseThrow());
    List<String> detectedFrom = new ArrayList<>(List.of("package.json"));
    Manager manager = manager(files, manifest, detectedFrom);
    JsonObject scripts = objectOrEmpty(manifest, "scripts");
    boolean hasBuild = scripts.has("build");

    List<String> start = start(files, manifest, scripts, manager);
    boolean staticSite = start.isEmpty();
    if (staticSite && !hasBuild) {
      throw new BuildPlanException(
          BuildPlanException.Code.NO_BUILD_PLAN,
          "Node.js project (package.json) with no way to start it",
          "Add a \"start\" script to package.json (e.g. \"start\": \"node server.js\"), a \"main\""
              + " file, or an index.js/server.js; a site built by a \"build\" script into dist/,"
              + " build/ or out/ is served as static files.");
    }
    BaseImages images = options.baseImages();
    String nodeImage = images.require(BaseImages.NODE_VARIABLE, images.node(), Provider.NODE);
    String staticImage =
        staticSite
            ? images.require(BaseImages.STATIC_VARIABLE, images.staticServer(), Provider.NODE)
            : null;

    DockerfileWriter writer = new DockerfileWriter(options.secretKeys());
    String what =
        "node with " + manager.command + (staticSite ? ", static site from the build script" : "");
    writer.header(
        pack,
        what,
        detectedFrom,
        staticSite
            ? List.of(BaseImages.NODE_VARIABLE, BaseImages.STATIC_VARIABLE)
            : List.of(BaseImages.NODE_VARIABLE));
    if (staticSite) {
      writer.from(nodeImage, "build");
    } else {
      writer.from(nodeImage);
    }
    List<String> rootSetup =
        manager == Manager.NPM
            ? List.of()
            : List.of(
                "(command -v "
                    + manager.command
                    + " >/dev/null 2>&1 || corepack enable "
                    + manager.command
                    + ")");
    writer.appUserStage(rootSetup, List.of());
    if (!staticSite) {
      writer.env("PORT", Integer.toString(options.port()));
    }
    writer.user();
    writer.args(options.buildArgKeys());

    boolean needsSources =
        manifest.has("workspaces")
            || files.isFile("pnpm-workspace.yaml")
            || INSTALL_HOOKS.stream().anyMatch(scripts::has);
    if (needsSources) {
      // Workspaces need every member's package.json, install hooks may run any file: the
      // install cannot be keyed on the manifests alone.
      writer.copyOwned(List.of("."), ".");
    } else {
      List<String> manifests = new ArrayList<>(List.of("package.json"));
      for (String name :
          List.of(
              "package-lock.json",
              "npm-shrinkwrap.json",
              "yarn.lock",
              "pnpm-lock.yaml",
              ".npmrc",
              ".yarnrc",
              ".yarnrc.yml",
              ".pnpmfile.cjs")) {
        if (files.isFile(name)) {
          manifests.add(name);
        }
      }
      writer.copyOwned(manifests, "./");
      if (files.isDirectory(".yarn")) {
        writer.copyOwned(List.of(".yarn"), "./.yarn");
      }
    }
    writer.runProject(List.of(manager.cache), true, install(files, manager));
    if (!needsSources) {
      writer.copyOwned(List.of("."), ".");
    }
    if (hasBuild) {
      writer.runProject(List.of(), true, manager.command + " run build");
    }

    if (staticSite) {
      writer.run(
          List.of(
              "for d in "
                  + String.join(" ", BUILD_OUTPUT_DIRS)
                  + "; do"
                  + " if [ -f \"$d/index.html\" ]; then cp -R \"$d\" /tmp/site && exit 0; fi; done",
              "echo \"the build script wrote no index.html to dist/, build/ or out/\" >&2",
              "exit 1"));
      writer.blank();
      writer.from(staticImage);
      writer.copyFrom("build", true, "/tmp/site/", StaticSitePack.SITE_ROOT + "/");
      StaticSitePack.serve(writer, options.port());
    } else {
      writer.env("NODE_ENV", "production");
      writer.expose(options.port());
      writer.cmd(start);
    }
    return Optional.of(
        new Generated(Provider.NODE, detectedFrom, writer.text(), List.of(".git", "node_modules")));
  }

  private static Manager manager(
      ContextFiles files, JsonObject manifest, List<String> detectedFrom) {
    String declared = string(manifest, "packageManager").orElse("");
    Manager manager;
    if (declared.startsWith("pnpm@")) {
      manager = Manager.PNPM;
    } else if (declared.startsWith("yarn@")) {
      manager = Manager.YARN;
    } else if (declared.startsWith("npm@")) {
      manager = Manager.NPM;
    } else if (files.isFile("pnpm-lock.yaml")) {
      manager = Manager.PNPM;
    } else if (files.isFile("yarn.lock")) {
      manager = Manager.YARN;
    } else {
      manager = Manager.NPM;
    }
    String lockfile =
        switch (manager) {
          case PNPM -> "pnpm-lock.yaml";
          case YARN -> "yarn.lock";
          case NPM -> files.firstFile("package-lock.json", "npm-shrinkwrap.json").orElse("");
        };
    if (!lockfile.isEmpty() && files.isFile(lockfile)) {
      detectedFrom.add(lockfile);
    }
    return manager;
  }

  private static String install(ContextFiles files, Manager manager) {
    return switch (manager) {
      case NPM ->
          files.firstFile("package-lock.json", "npm-shrinkwrap.json").isPresent()
              ? "npm ci"
              : "npm install";
      case YARN ->
          !files.isFile("yarn.lock")
              ? "yarn install"
              : files.isFile(".yarnrc.yml")
                  ? "yarn install --immutable"
                  : "yarn install --frozen-lockfile";
      case PNPM ->
          files.isFile("pnpm-lock.yaml") ? "pnpm install --frozen-lockfile" : "pnpm install";
    };
  }

  /** The start command, or empty for a site built by the build script. */
  private static List<String> start(
      ContextFiles files, JsonObject manifest, JsonObject scripts, Manager manager) {
    if (scripts.has("start")) {
      return List.of(manager.command, "start");
    }
    Optional<String> main = string(manifest, "main").filter(m -> SAFE_PATH.matcher(m).matches());
    if (main.isPresent()) {
      return List.of("node", main.get());
    }
    return ENTRY_FILES.stream()
        .filter(files::isFile)
        .findFirst()
        .map(entry -> List.of("node", entry))
        .orElse(List.of());
  }

  private static JsonObject parse(String text) {
    try {
      JsonElement element = JsonParser.parseString(text);
      if (element.isJsonObject()) {
        return element.getAsJsonObject();
      }
    } catch (JsonParseException e) {
      // Falls through to the same answer: the message of the parser is not needed to fix it.
    }
    throw new BuildPlanException(
        BuildPlanException.Code.NO_BUILD_PLAN,
        "package.json is not a JSON object",
        "Fix package.json (npm install rejects it too), or build with build_pack=dockerfile.");
  }

  private static JsonObject objectOrEmpty(JsonObject object, String member) {
    JsonElement element = object.get(member);
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
  }

  private static Optional<String> string(JsonObject object, String member) {
    JsonElement element = object.get(member);
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
        ? Optional.of(element.getAsString())
        : Optional.empty();
  }
}
