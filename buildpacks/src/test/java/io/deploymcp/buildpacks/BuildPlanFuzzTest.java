package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Manifests a repository controls (Procfile, requirements.txt, package.json) from the fuzzer,
 * written into a build context and planned. Properties: planning ends, quickly, even for a
 * manifest made of a fuzzed part repeated up to 1 MiB (super-linear parsing would hold a worker
 * thread); it gives a plan or a BuildPlanException, nothing else; the Dockerfile is a sequence
 * of instructions with exactly one CMD, last; and a Procfile changes nothing but that CMD line.
 * For static sites: the site directory is the documented one, reached without a symlink, and
 * nothing else in the context (names of any kind, a Dockerfile) changes the Dockerfile.
 */
class BuildPlanFuzzTest {
  /** Far above what a linear scan of 1 MiB takes on a loaded machine, far below a quadratic one. */
  private static final long DEADLINE_SECONDS = 10;
  private static final Set<String> INSTRUCTIONS =
      Set.of("FROM", "RUN", "COPY", "ENV", "ARG", "USER", "WORKDIR", "EXPOSE", "CMD", "LABEL");
  /**
   * The expression PythonPack's Procfile scan replaced, except that the command's first character
   * cannot be U+0085, U+2028 or U+2029: {@code \S} took those line ends as part of the command
   * where {@code .} and {@code $} see a line end (the fuzzer's first finding here).
   */
  private static final Pattern PROCFILE_WEB = Pattern.compile("(?m)^web:[ \\t]*([^\\s\u0085\u2028\u2029].*?)[ \\t]*$");

  /** Where a static site's index.html counts, in the documented order: the root, dist/, build/, public/. */
  private static final List<String> SITE_PLACES = List.of("", "dist", "build", "public");
  /** What the packs Railpack tries before the static one look for (any entry by the name may be written). */
  private static final List<String> MANIFESTS =
      List.of("go.mod", "pom.xml", "build.gradle", "build.gradle.kts", "requirements.txt", "pyproject.toml", "package.json");

  /** A cmd/ directory name GoPack may put into the build's shell line unquoted. */
  private static final Pattern SAFE_COMMAND = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private static final ExecutorService PLANNER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-planner");
            t.setDaemon(true); // a runaway plan must not keep the JVM alive
            return t;
          });
  private final BuildPlanner planner = new BuildPlanner();

  @FuzzTest
  void planningAPythonProjectEndsAndItsProcfileShapesOnlyTheCmd(FuzzedDataProvider data) throws Exception {
    Path context = Files.createTempDirectory("fuzz-python");
    try {
      write(context, "requirements.txt", amplified(data));
      boolean procfile = data.consumeBoolean();
      if (procfile) {
        write(context, "Procfile", amplified(data));
      }
      if (data.consumeBoolean()) {
        write(context, "main.py", "print('hi')\n");
      }
      Optional<BuildPlan> plan = planWithin(context);
      if (plan.isEmpty()) {
        return;
      }
      List<String> lines = instructions(plan.get());
      if (procfile && plan.get().detectedFrom().contains("Procfile")) {
        write(context, "Procfile", "web: true\n");
        List<String> baseline = instructions(planWithin(context).orElseThrow());
        assertThat(lines.subList(0, lines.size() - 1))
            .as("a Procfile changes only the CMD")
            .isEqualTo(baseline.subList(0, baseline.size() - 1));
      }
    } finally {
      delete(context);
    }
  }

  @FuzzTest
  void planningANodeProjectEndsWithAPlanOrNoBuildPlan(FuzzedDataProvider data) throws Exception {
    Path context = Files.createTempDirectory("fuzz-node");
    try {
      write(context, "package.json", amplified(data));
      if (data.consumeBoolean()) {
        write(context, "index.js", "console.log('hi')\n");
      }
      Optional<BuildPlan> plan = planWithin(context);
      if (plan.isPresent()) {
        String cmd = instructions(plan.get()).getLast();
        if (cmd.startsWith("CMD [")) {
          // Exec form, from package.json: one JSON array, whatever "main" held.
          JsonArray argv = JsonParser.parseString(cmd.substring("CMD ".length())).getAsJsonArray();
          assertThat(argv.get(0).getAsString()).isIn("npm", "yarn", "pnpm", "node");
        } else {
          assertThat(cmd).as("a static site's server").startsWith("CMD exec busybox httpd ");
        }
      }
    } finally {
      delete(context);
    }
  }

  @FuzzTest
  void planningAGoModuleBuildsItsOneMainPackage(FuzzedDataProvider data) throws Exception {
    Path context = Files.createTempDirectory("fuzz-go");
    try {
      write(context, "go.mod", amplified(data));
      // package main at the root, in a file that is not a test; or any text in one of them.
      boolean rootMain = false;
      if (data.consumeBoolean()) {
        boolean main = data.consumeBoolean();
        String name = data.consumeBoolean() ? "main.go" : "main_test.go";
        write(context, name, main ? "package main\n" : amplified(data));
        rootMain = main && name.equals("main.go");
      }
      Set<String> mains = new java.util.TreeSet<>();
      int commands = data.consumeInt(0, 3);
      for (int i = 0; i < commands; i++) {
        String name = data.consumeString(20);
        Path dir;
        try {
          dir = context.resolve("cmd").resolve(name).normalize();
          if (!context.resolve("cmd").equals(dir.getParent())) {
            continue; // ".", "..", "a/b": not one directory under cmd/
          }
          Files.createDirectories(dir);
        } catch (IOException | java.nio.file.InvalidPathException e) {
          continue; // no such directory name on this file system
        }
        boolean main = data.consumeBoolean();
        Files.writeString(dir.resolve("main.go"), main ? "package main\n" : "package lib\n", StandardCharsets.UTF_8);
        mains.remove(name); // the same name again overwrote it
        // A name that would need quoting in the build's shell line is not built (the plan says so).
        if (main && SAFE_COMMAND.matcher(name).matches()) {
          mains.add(name);
        }
      }
      Optional<BuildPlan> plan = planWithin(context);
      if (rootMain || mains.size() == 1) {
        assertThat(plan).as("one package main, at the root or under cmd/%s", mains).isPresent();
      }
      if (plan.isEmpty()) {
        return;
      }
      List<String> lines = instructions(plan.get());
      String build = lines.stream().filter(l -> l.contains("go build ")).findFirst().orElseThrow();
      String target = build.substring(build.indexOf(" -o /out/app/server ") + " -o /out/app/server ".length()).split(" ")[0];
      if (rootMain) {
        assertThat(target).isEqualTo(".");
      } else if (!target.equals(".")) {
        // The one command, and one of those written as main by a name safe in a shell line.
        assertThat(target).startsWith("./cmd/");
        assertThat(mains).contains(target.substring("./cmd/".length()));
      }
    } finally {
      delete(context);
    }
  }

  @FuzzTest
  void planningAJavaProjectFollowsItsRegularFilesOnly(FuzzedDataProvider data) throws Exception {
    Path context = Files.createTempDirectory("fuzz-java");
    Path outside = Files.createTempFile("fuzz-java-outside", ".xml");
    try {
      Files.writeString(outside, "<project/>");
      for (String name : List.of("pom.xml", "mvnw", "build.gradle", "build.gradle.kts", "gradlew")) {
        switch (data.consumeInt(0, 3)) {
          case 0 -> {}
          case 1 -> write(context, name, amplified(data));
          case 2 -> Files.createDirectory(context.resolve(name));
          default -> Files.createSymbolicLink(context.resolve(name), outside);
        }
      }
      Optional<BuildPlan> plan = planWithin(context);
      boolean maven = Files.isRegularFile(context.resolve("pom.xml"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      boolean gradle = Files.isRegularFile(context.resolve("build.gradle"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
          || Files.isRegularFile(context.resolve("build.gradle.kts"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(plan.isPresent()).as("a Java plan for %s", List.of(context.toFile().list())).isEqualTo(maven || gradle);
      if (plan.isEmpty()) {
        return;
      }
      String build = instructions(plan.get()).stream().filter(l -> l.contains("-DskipTests package") || l.contains(" assemble"))
          .findFirst().orElseThrow();
      String wrapper = maven ? "mvnw" : "gradlew";
      boolean wrapped = Files.isRegularFile(context.resolve(wrapper), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(build).as("build line").contains(maven ? (wrapped ? "sh ./mvnw -B" : "mvn -B") : (wrapped ? "sh ./gradlew" : "gradle --no-daemon"));
      assertThat(plan.get().detectedFrom()).doesNotContain(context.toString(), outside.toString());
    } finally {
      delete(context);
      Files.deleteIfExists(outside);
    }
  }

  @FuzzTest
  void planningAStaticSiteServesItsDocumentedDirectoryOnly(FuzzedDataProvider data) throws Exception {
    Path context = Files.createTempDirectory("fuzz-static");
    Path outside = Files.createTempDirectory("fuzz-static-outside");
    Path baseline = Files.createTempDirectory("fuzz-static-baseline");
    try {
      Files.writeString(outside.resolve("index.html"), "<p>not in the context</p>");
      BuildPack pack = data.consumeBoolean() ? BuildPack.RAILPACK : BuildPack.STATIC;
      for (String place : SITE_PLACES) {
        Path dir = context.resolve(place);
        switch (data.consumeInt(0, 4)) {
          case 0 -> {}
          case 1 -> {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("index.html"), "<p>site</p>");
          }
          case 2 -> Files.createDirectories(dir.resolve("index.html")); // a directory by that name
          case 3 -> {
            Files.createDirectories(dir);
            Files.createSymbolicLink(dir.resolve("index.html"), outside.resolve("index.html"));
          }
          default -> {
            if (!place.isEmpty()) {
              Files.createSymbolicLink(dir, outside); // a site directory that is a link out of the context
            }
          }
        }
      }
      int entries = data.consumeInt(0, 6);
      for (int i = 0; i < entries; i++) {
        String where = data.pickValue(SITE_PLACES);
        String name = data.consumeBoolean() ? data.pickValue(MANIFESTS) : data.consumeString(24);
        boolean directory = data.consumeBoolean();
        Path parent = context.resolve(where);
        if (!Files.isDirectory(parent, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          Path entry = parent.resolve(name).normalize();
          if (!parent.equals(entry.getParent()) || Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            continue; // ".", "..", "a/b", or taken already
          }
          if (directory) {
            Files.createDirectory(entry);
          } else {
            Files.writeString(entry, "x\n");
          }
        } catch (IOException | java.nio.file.InvalidPathException e) {
          continue; // no such name on this file system
        }
      }
      if (data.consumeBoolean()) {
        write(context, "Dockerfile", data.consumeString(200));
      }

      Optional<String> site = expectedSite(context);
      Optional<BuildPlan> plan = planWithin(context, pack);
      // The packs before the static one read regular files only; a directory or link by the name is nothing.
      boolean otherManifest =
          MANIFESTS.stream().anyMatch(m -> Files.isRegularFile(context.resolve(m), java.nio.file.LinkOption.NOFOLLOW_LINKS));
      if (pack == BuildPack.STATIC) {
        assertThat(plan).as("the static pack plans every context").isPresent();
      } else if (!otherManifest) {
        assertThat(plan.map(BuildPlan::provider)).as("railpack on site %s", site).isEqualTo(site.map(s -> Provider.STATIC));
      }
      if (plan.isEmpty() || plan.get().provider() != Provider.STATIC) {
        return;
      }
      String dir = site.orElse("");
      String index = dir.isEmpty() ? "index.html" : dir + "/index.html";
      List<String> copies = instructions(plan.get()).stream().filter(l -> l.startsWith("COPY ")).toList();
      assertThat(copies).as("what is copied").containsExactly("COPY --chown=1000:1000 " + (dir.isEmpty() ? "." : dir + "/") + " /srv/");
      assertThat(plan.get().detectedFrom()).isEqualTo(site.isPresent() ? List.of(index) : List.of());
      // The same Dockerfile as for a context holding the site's index.html alone: no other
      // name (however odd), no Dockerfile and no link reaches its text, quoted or not.
      if (site.isPresent()) {
        Files.createDirectories(baseline.resolve(dir));
        Files.writeString(baseline.resolve(index), "<p>site</p>");
      }
      BuildPlan alone = planWithin(baseline, pack).orElseThrow();
      assertThat(text(plan.get())).isEqualTo(text(alone));
      assertThat(plan.get().contextExcludes()).isEqualTo(alone.contextExcludes());
    } finally {
      delete(context);
      delete(outside);
      delete(baseline);
    }
  }

  @FuzzTest
  void manifestScansAgreeWithTheExpressionsTheyReplaced(FuzzedDataProvider data) {
    String name = data.pickValue(List.of("uvicorn", "gunicorn"));
    String text = data.consumeRemainingAsString();
    Optional<String> expected = PROCFILE_WEB.matcher(text).results().findFirst().map(m -> m.group(1));
    assertThat(PythonPack.webCommand(text)).as("web line of %s", text).isEqualTo(expected);
    boolean mentioned = Pattern.compile("(?im)(^\\s*|[\"'])" + Pattern.quote(name) + "\\b").matcher(text).find();
    assertThat(PythonPack.mentions(text, name)).as("%s mentioned in %s", name, text).isEqualTo(mentioned);
  }

  /**
   * The static site's directory as docs/buildpacks.md states it, read without following links:
   * the root when its index.html is a regular file, else the first of dist/, build/, public/
   * that is a directory holding one.
   */
  private static Optional<String> expectedSite(Path context) {
    return SITE_PLACES.stream()
        .filter(place -> place.isEmpty() || Files.isDirectory(context.resolve(place), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .filter(place -> Files.isRegularFile(context.resolve(place).resolve("index.html"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .findFirst();
  }

  private Optional<BuildPlan> planWithin(Path context) throws InterruptedException {
    return planWithin(context, BuildPack.RAILPACK);
  }

  /** The plan, or empty for a BuildPlanException; anything else, or no answer in time, fails. */
  private Optional<BuildPlan> planWithin(Path context, BuildPack pack) throws InterruptedException {
    Future<BuildPlan> planning = PLANNER.submit(() -> planner.plan(pack, context, Fixtures.options()));
    try {
      return Optional.of(planning.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      // The regex-bound thread cannot be stopped; the finding ends the run anyway.
      throw new AssertionError("planning took longer than " + DEADLINE_SECONDS + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BuildPlanException refused) {
        assertThat(refused.hint()).isNotBlank();
        return Optional.empty();
      }
      throw new AssertionError("planning threw " + e.getCause(), e.getCause());
    }
  }

  private static String text(BuildPlan plan) {
    return ((DockerfileSource.Generated) plan.dockerfile()).text();
  }

  /** The Dockerfile's instructions, continuation lines joined; exactly one CMD, the last. */
  private static List<String> instructions(BuildPlan plan) {
    String dockerfile = ((DockerfileSource.Generated) plan.dockerfile()).text();
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : dockerfile.split("\n", -1)) {
      if (current != null) {
        current.append('\n').append(line);
      } else if (line.isBlank() || line.startsWith("#")) {
        continue;
      } else {
        String keyword = line.split(" ", 2)[0];
        if (!INSTRUCTIONS.contains(keyword)) {
          fail("line %s of the Dockerfile is no instruction:%n%s", line, dockerfile);
        }
        current = new StringBuilder(line);
      }
      if (!line.endsWith("\\")) {
        out.add(current.toString());
        current = null;
      }
    }
    assertThat(current).as("the Dockerfile ends in a continuation").isNull();
    assertThat(out.stream().filter(i -> i.startsWith("CMD ")).count()).as("CMD instructions").isEqualTo(1);
    assertThat(out.getLast()).startsWith("CMD ");
    return out;
  }

  /** A manifest of any length up to 1 MiB and a bit: a fuzzed head, a fuzzed part repeated, a tail. */
  private static String amplified(FuzzedDataProvider data) {
    String head = data.consumeString(400);
    String part = data.consumeString(16);
    // Sizes on a log scale: most inputs stay small (and quick), every size up to 1 MiB is reachable.
    int times = part.isEmpty() ? 0 : data.consumeInt(0, (1 << data.consumeInt(0, 20)) / part.length());
    String tail = data.consumeString(400);
    return head + part.repeat(times) + tail;
  }

  private static void write(Path context, String name, String text) throws IOException {
    Files.writeString(context.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static void delete(Path dir) throws IOException {
    // Files.walk follows no link, so a link to the outside directory is deleted, not what it names.
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
