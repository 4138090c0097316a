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
  void manifestScansAgreeWithTheExpressionsTheyReplaced(FuzzedDataProvider data) {
    String name = data.pickValue(List.of("uvicorn", "gunicorn"));
    String text = data.consumeRemainingAsString();
    Optional<String> expected = PROCFILE_WEB.matcher(text).results().findFirst().map(m -> m.group(1));
    assertThat(PythonPack.webCommand(text)).as("web line of %s", text).isEqualTo(expected);
    boolean mentioned = Pattern.compile("(?im)(^\\s*|[\"'])" + Pattern.quote(name) + "\\b").matcher(text).find();
    assertThat(PythonPack.mentions(text, name)).as("%s mentioned in %s", name, text).isEqualTo(mentioned);
  }

  /** The plan, or empty for a BuildPlanException; anything else, or no answer in time, fails. */
  private Optional<BuildPlan> planWithin(Path context) throws InterruptedException {
    Future<BuildPlan> planning = PLANNER.submit(() -> planner.plan(BuildPack.RAILPACK, context, Fixtures.options()));
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
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
