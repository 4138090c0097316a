package io.deploymcp.ops.gc;

import io.deploymcp.ops.gc.GcPlan.Candidate;
import io.deploymcp.ops.gc.GcPlan.Kept;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the collector prints: one block per repository, then totals. Never a credential. */
final class GcReport {
  static final String PREFIX = "registry-gc: ";

  private final PrintStream out;

  GcReport(PrintStream out) {
    this.out = out;
  }

  void line(String text) {
    out.println(PREFIX + text);
  }

  void opened(GcRun run, boolean dryRun) {
    if (dryRun) {
      line("dry run, keeping the last " + run.keepLast() + " images per service: nothing will be claimed or deleted");
    } else {
      line("run " + run.runId().orElseThrow() + " open until " + run.expiresAt().map(Object::toString).orElse("?")
          + ", keeping the last " + run.keepLast() + " images per service");
    }
    line("the platform lists " + run.repositories().size() + " service repositories");
  }

  void plan(GcPlan plan, boolean dryRun) {
    Map<String, List<String>> blocks = new TreeMap<>();
    Map<String, int[]> counts = new TreeMap<>();
    for (Kept kept : plan.kept()) {
      counts.computeIfAbsent(kept.image().repository(), r -> new int[2])[0]++;
      blocks.computeIfAbsent(kept.image().repository(), r -> new ArrayList<>())
          .add("  keep   " + describe(kept.image().digest(), kept.tags()) + " " + String.join(", ", kept.reasons()));
    }
    String verb = dryRun ? "  would delete " : "  delete ";
    for (Candidate candidate : plan.allDeletions()) {
      counts.computeIfAbsent(candidate.image().repository(), r -> new int[2])[1]++;
      blocks.computeIfAbsent(candidate.image().repository(), r -> new ArrayList<>())
          .add(verb + describe(candidate.image().digest(), candidate.tags()) + " " + candidate.reason().description());
    }
    blocks.forEach((repository, lines) -> {
      int[] n = counts.get(repository);
      line(repository + ": keep " + n[0] + ", delete " + n[1]);
      lines.forEach(out::println);
    });
    for (String repository : plan.unvouched()) {
      line(repository + ": left alone, the platform does not list it");
    }
  }

  void dryRunSummary(GcPlan plan) {
    long repositories = plan.allDeletions().stream().map(c -> c.image().repository()).distinct().count();
    line("dry run: would delete " + plan.allDeletions().size() + " manifests (" + plan.claims().size() + " images, "
        + plan.cacheDeletions().size() + " build cache manifests) in " + repositories
        + (repositories == 1 ? " repository;" : " repositories;") + " nothing was deleted");
  }

  static String describe(String digest, Set<String> tags) {
    return digest + (tags.isEmpty() ? " (untagged)" : " (" + String.join(", ", tags) + ")");
  }
}
