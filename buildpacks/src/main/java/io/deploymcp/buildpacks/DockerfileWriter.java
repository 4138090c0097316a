package io.deploymcp.buildpacks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes Dockerfile text in the subset BuildKit v0.8's built-in {@code dockerfile.v0} frontend
 * parses without a {@code # syntax=} line (nothing can be pulled): {@code RUN --mount} for caches
 * and secrets, {@code COPY --chown}, {@code COPY --from}; no heredocs, no {@code COPY --link}, no
 * secret {@code env=}.
 */
final class DockerfileWriter {

  /** The uid and gid every final image runs as. */
  static final String APP_USER = "1000:1000";

  static final String APP_HOME = "/home/app";

  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final String CONTINUATION = " \\\n    ";

  private final StringBuilder out = new StringBuilder();
  private final Set<String> secretKeys;

  DockerfileWriter(Set<String> secretKeys) {
    this.secretKeys = secretKeys;
  }

  DockerfileWriter comment(String line) {
    out.append("# ").append(line).append('\n');
    return this;
  }

  DockerfileWriter blank() {
    out.append('\n');
    return this;
  }

  DockerfileWriter from(String image) {
    out.append("FROM ").append(image).append('\n');
    return this;
  }

  DockerfileWriter from(String image, String stage) {
    out.append("FROM ").append(image).append(" AS ").append(stage).append('\n');
    return this;
  }

  DockerfileWriter workdir(String dir) {
    out.append("WORKDIR ").append(dir).append('\n');
    return this;
  }

  DockerfileWriter env(String key, String value) {
    out.append("ENV ").append(key).append('=').append(value).append('\n');
    return this;
  }

  DockerfileWriter user() {
    out.append("USER ").append(APP_USER).append('\n');
    return this;
  }

  /** One {@code ARG} per plain env key: values arrive as build args, never in the text. */
  DockerfileWriter args(Set<String> keys) {
    keys.stream().sorted().forEach(key -> out.append("ARG ").append(key).append('\n'));
    return this;
  }

  /** {@code COPY} from the context, owned by the app user. */
  DockerfileWriter copyOwned(List<String> sources, String destination) {
    out.append("COPY --chown=")
        .append(APP_USER)
        .append(' ')
        .append(String.join(" ", sources))
        .append(' ')
        .append(destination)
        .append('\n');
    return this;
  }

  /** {@code COPY} from the context, owned by root (build stages run as root). */
  DockerfileWriter copy(List<String> sources, String destination) {
    out.append("COPY ")
        .append(String.join(" ", sources))
        .append(' ')
        .append(destination)
        .append('\n');
    return this;
  }

  DockerfileWriter copyFrom(String stage, boolean owned, String source, String destination) {
    out.append("COPY --from=").append(stage);
    if (owned) {
      out.append(" --chown=").append(APP_USER);
    }
    out.append(' ').append(source).append(' ').append(destination).append('\n');
    return this;
  }

  /** A step that runs no project code: no secrets, no caches. */
  DockerfileWriter run(String command) {
    out.append("RUN ").append(command).append('\n');
    return this;
  }

  /**
   * A step that runs the project's package manager or build. Each secret is mounted for this step
   * only and exported as an env var of this command alone: the value never reaches the image
   * config, the history or a cache key, so changing it invalidates no layer.
   *
   * @param caches cache mount targets (package manager caches)
   * @param asAppUser whether the step runs as the app user, who then owns mounts
   */
  DockerfileWriter runProject(List<String> caches, boolean asAppUser, String command) {
    String owner = asAppUser ? ",uid=1000,gid=1000" : "";
    List<String> parts = new ArrayList<>();
    for (String cache : caches) {
      parts.add("--mount=type=cache,target=" + cache + owner);
    }
    List<String> sortedSecrets = secretKeys.stream().sorted().toList();
    for (String key : sortedSecrets) {
      parts.add("--mount=type=secret,id=" + key + owner + ",required=true");
    }
    List<String> shell = new ArrayList<>();
    for (String key : sortedSecrets) {
      shell.add("export " + key + "=\"$(cat /run/secrets/" + key + ")\"");
    }
    shell.add(command);
    parts.add(String.join(CONTINUATION + "&& ", shell));
    out.append("RUN ").append(String.join(CONTINUATION, parts)).append('\n');
    return this;
  }

  /** A step without project code written over several lines, joined with {@code &&}. */
  DockerfileWriter run(List<String> commands) {
    out.append("RUN ").append(String.join(CONTINUATION + "&& ", commands)).append('\n');
    return this;
  }

  DockerfileWriter expose(int port) {
    out.append("EXPOSE ").append(port).append('\n');
    return this;
  }

  /** Exec-form {@code CMD}: JSON array. */
  DockerfileWriter cmd(List<String> arguments) {
    out.append("CMD [")
        .append(arguments.stream().map(JSON::toJson).collect(Collectors.joining(", ")))
        .append("]\n");
    return this;
  }

  /** Shell-form {@code CMD}, so {@code $PORT} expands when the container starts. */
  DockerfileWriter cmdShell(String command) {
    out.append("CMD ").append(command).append('\n');
    return this;
  }

  /** The first lines: what generated this, from which files, on which configured images. */
  DockerfileWriter header(
      BuildPack pack, String what, List<String> detectedFrom, List<String> imageVariables) {
    comment(
        "Generated by Deploy MCP (build pack "
            + pack.wireName()
            + "): "
            + what
            + (detectedFrom.isEmpty()
                ? ", as configured."
                : ", detected from " + String.join(", ", detectedFrom) + "."));
    comment("Base images from " + String.join(", ", imageVariables) + ".");
    return this;
  }

  /**
   * The start of a stage that builds as the app user: /app and HOME owned by uid 1000, created by
   * root first because the base image need not have them.
   */
  DockerfileWriter appUserStage(List<String> extraRootCommands, List<String> extraOwnedDirs) {
    workdir("/app");
    StringBuilder setup = new StringBuilder("mkdir -p " + APP_HOME);
    for (String dir : extraOwnedDirs) {
      setup.append(' ').append(dir);
    }
    setup.append(" && chown 1000:1000 /app ").append(APP_HOME);
    for (String dir : extraOwnedDirs) {
      setup.append(' ').append(dir);
    }
    for (String command : extraRootCommands) {
      setup.append(" && ").append(command);
    }
    run(setup.toString());
    env("HOME", APP_HOME);
    return this;
  }

  String text() {
    return out.toString();
  }
}
