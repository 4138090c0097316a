package io.deploymcp.ansible.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ansible-playbook run as its default output shows it (what an operator reads): the PLAY
 * RECAP per host and, per host, the tasks and handlers that reported "changed" (a loop counts
 * once however many items changed).
 */
public record PlaybookRun(int exitCode, String output, Map<String, Recap> recap, Map<String, List<String>> changedTasks) {
  private static final Pattern HEADER = Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.+)\\] \\**$");
  private static final Pattern CHANGED = Pattern.compile("^changed: \\[([^\\]]+)\\]");
  private static final Pattern RECAP = Pattern.compile(
      "^(\\S+)\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)\\s+skipped=(\\d+)\\b.*");

  public record Recap(int ok, int changed, int unreachable, int failed, int skipped) {}

  public static PlaybookRun of(RequiredTool.Result result) {
    Map<String, Recap> recap = new LinkedHashMap<>();
    Map<String, List<String>> changed = new LinkedHashMap<>();
    String task = null;
    for (String line : result.output().lines().toList()) {
      Matcher header = HEADER.matcher(line);
      Matcher change = CHANGED.matcher(line);
      Matcher total = RECAP.matcher(line);
      if (header.matches()) {
        task = header.group(1);
      } else if (change.find() && task != null) {
        // "changed: [run-1 -> k3s-1]" when delegated: the task ran for run-1.
        String host = change.group(1).split(" -> ")[0];
        List<String> tasks = changed.computeIfAbsent(host, h -> new ArrayList<>());
        if (!tasks.contains(task)) {
          tasks.add(task);
        }
      } else if (total.matches()) {
        recap.put(total.group(1), new Recap(Integer.parseInt(total.group(2)), Integer.parseInt(total.group(3)),
            Integer.parseInt(total.group(4)), Integer.parseInt(total.group(5)), Integer.parseInt(total.group(6))));
      }
    }
    return new PlaybookRun(result.exitCode(), result.output(), recap, changed);
  }

  public Recap recap(String host) {
    Recap counts = recap.get(host);
    if (counts == null) {
      throw new AssertionError("no PLAY RECAP line for " + host + " in:\n" + output);
    }
    return counts;
  }

  public List<String> changed(String host) {
    return changedTasks.getOrDefault(host, List.of());
  }
}
