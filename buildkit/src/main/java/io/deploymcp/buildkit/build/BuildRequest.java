package io.deploymcp.buildkit.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Dockerfile build: what the {@code dockerfile.v0} frontend reads, what is served over the
 * session, and where the image goes. Invalid values are refused here, naming the field and never
 * echoing a secret value; {@link #toString()} lists secret ids only.
 *
 * @param contextDir served as the session's {@code context} directory (COPY sources)
 * @param dockerfileDir served as {@code dockerfile}; usually the context dir
 * @param dockerfileName the file in {@code dockerfileDir}, relative, '/'-separated
 * @param buildArgs {@code ARG} values (frontend attributes {@code build-arg:NAME}); they end up in
 *     the image history, so never put secrets here
 * @param secrets {@code RUN --mount=type=secret,id=ID} values by id, served on demand over the
 *     session; not part of any cache key
 * @param frontendAttrs further frontend options, e.g. {@code target}, {@code no-cache},
 *     {@code platform}; {@code filename} and {@code build-arg:*} come from the fields above
 * @param cacheImports registry cache refs to import ({@code type=registry,ref=...})
 * @param cacheExport registry cache ref to export with {@code mode=max}, or null; standalone
 *     buildkitd only (the engine's built-in BuildKit has no registry cache exporter)
 * @param syncKey the session's shared key, which scopes the daemon's cached copy of the local
 *     directories; the same key lets the next build re-send only changed files. Null means one
 *     derived from the context dir's absolute path.
 */
public record BuildRequest(
    Path contextDir,
    Path dockerfileDir,
    String dockerfileName,
    Map<String, String> buildArgs,
    Map<String, byte[]> secrets,
    Map<String, String> frontendAttrs,
    ImageExport export,
    List<String> cacheImports,
    String cacheExport,
    String syncKey) {

  private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern IMAGE_REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._:/@-]*[A-Za-z0-9_.-]*");

  public BuildRequest {
    require(contextDir != null, "contextDir is required");
    dockerfileDir = dockerfileDir == null ? contextDir : dockerfileDir;
    dockerfileName = dockerfileName == null || dockerfileName.isBlank() ? "Dockerfile" : dockerfileName;
    require(!dockerfileName.startsWith("/") && !List.of(dockerfileName.split("/")).contains(".."),
        "dockerfileName must be a relative path inside dockerfileDir");
    buildArgs = copy(buildArgs);
    for (String name : buildArgs.keySet()) {
      require(ARG_NAME.matcher(name).matches(), "build arg name '" + name + "' is not a valid ARG name");
    }
    Map<String, byte[]> secretCopies = new TreeMap<>();
    if (secrets != null) {
      secrets.forEach((id, value) -> {
        require(id != null && SECRET_ID.matcher(id).matches(),
            "secret id '" + id + "' must be 1-128 letters, digits, '_', '.' or '-'");
        require(value != null, "secret '" + id + "' has no value");
        secretCopies.put(id, value.clone());
      });
    }
    secrets = Collections.unmodifiableMap(secretCopies);
    frontendAttrs = copy(frontendAttrs);
    for (String key : frontendAttrs.keySet()) {
      require(!key.equals("filename") && !key.startsWith("build-arg:"),
          "frontend attribute '" + key + "' is set through dockerfileName / buildArgs");
    }
    require(export != null, "export is required");
    cacheImports = cacheImports == null ? List.of() : List.copyOf(cacheImports);
    cacheImports.forEach(BuildRequest::requireImageReference);
    if (cacheExport != null) {
      requireImageReference(cacheExport);
      require(!(export instanceof ImageExport.MobyExport),
          "the Docker engine's built-in BuildKit cannot export registry cache: leave cacheExport empty"
              + " for a moby export (cacheImports still work with images that carry inline cache)");
    }
  }

  /** A request for {@code Dockerfile} in {@code contextDir}; the builder sets the rest. */
  public static Builder builder(Path contextDir, ImageExport export) {
    return new Builder(contextDir, export);
  }

  @Override
  public String toString() {
    return "BuildRequest[contextDir=" + contextDir + ", dockerfile=" + dockerfileDir.resolve(dockerfileName)
        + ", buildArgs=" + buildArgs.keySet() + ", secrets=" + secrets.keySet() + ", frontendAttrs=" + frontendAttrs
        + ", export=" + export + ", cacheImports=" + cacheImports + ", cacheExport=" + cacheExport + "]";
  }

  static void requireImageReference(String reference) {
    require(reference != null && reference.length() <= 512 && IMAGE_REFERENCE.matcher(reference).matches(),
        "'" + reference + "' is not an image reference like registry:5000/repo/name:tag");
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Fluent construction with the defaults of {@code docker build}. */
  public static final class Builder {
    private final Path contextDir;
    private final ImageExport export;
    private Path dockerfileDir;
    private String dockerfileName = "Dockerfile";
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, byte[]> secrets = new LinkedHashMap<>();
    private final Map<String, String> frontendAttrs = new LinkedHashMap<>();
    private final List<String> cacheImports = new ArrayList<>();
    private String cacheExport;
    private String syncKey;

    private Builder(Path contextDir, ImageExport export) {
      this.contextDir = contextDir;
      this.export = export;
    }

    public Builder dockerfile(Path dir, String name) {
      this.dockerfileDir = dir;
      this.dockerfileName = name;
      return this;
    }

    public Builder buildArg(String name, String value) {
      buildArgs.put(name, value);
      return this;
    }

    public Builder secret(String id, byte[] value) {
      secrets.put(id, value);
      return this;
    }

    public Builder frontendAttr(String key, String value) {
      frontendAttrs.put(key, value);
      return this;
    }

    public Builder cacheImport(String ref) {
      cacheImports.add(ref);
      return this;
    }

    public Builder cacheExport(String ref) {
      this.cacheExport = ref;
      return this;
    }

    public Builder syncKey(String key) {
      this.syncKey = key;
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(contextDir, dockerfileDir, dockerfileName, buildArgs, secrets, frontendAttrs, export,
          cacheImports, cacheExport, syncKey);
    }
  }
}
