package io.deploymcp.images;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Builds the API and worker images with Jib Core and pushes them. Jib writes layers straight to
 * the registry (no engine, no Dockerfile), and with fixed file times and creation time the same
 * jars give the same layers: a rebuild uploads only what changed.
 *
 * <p>Layers, slowest-changing first: third-party libraries; the project's own modules (store,
 * workflows, checkout, ...); the application itself. All files are root-owned and
 * world-readable: uid 1000 reads them and cannot change them.
 */
public final class PlatformImages {
  static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");
  static final AbsoluteUnixPath WORKSPACES = AbsoluteUnixPath.get("/workspaces");
  static final String USER = "1000:1000";
  /** Graceful drain of the API: the chart passes its own QUARKUS_SHUTDOWN_TIMEOUT. */
  static final String API_SHUTDOWN_TIMEOUT = "20s";

  private final ImageSettings settings;
  private final Path cache;
  private final Consumer<String> log;

  /**
   * @param cache where Jib keeps the base image's layers and the application layers between runs
   * @param log progress lines (to stderr in bin/images)
   */
  public PlatformImages(ImageSettings settings, Path cache, Consumer<String> log) {
    this.settings = settings;
    this.cache = cache;
    this.log = log;
  }

  /** The API from its Quarkus fast-jar directory ({@code api/target/quarkus-app}). */
  public BuiltImage api(Path quarkusApp) throws ImageBuildException {
    requireFile(quarkusApp.resolve("quarkus-run.jar"), "the API's fast-jar (./mvnw -pl api -am package)");
    try {
      FileEntriesLayer.Builder libraries = layer("libraries");
      FileEntriesLayer.Builder modules = layer("project-modules");
      FileEntriesLayer.Builder application = layer("application");
      try (Stream<Path> files = Files.walk(quarkusApp.resolve("lib"))) {
        for (Path jar : files.filter(Files::isRegularFile).sorted().toList()) {
          (isProjectJar(jar) ? modules : libraries).addEntry(jar, APP.resolve(relative(quarkusApp, jar)));
        }
      }
      for (String part : List.of("app", "quarkus")) {
        try (Stream<Path> files = Files.walk(quarkusApp.resolve(part))) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            application.addEntry(f, APP.resolve(relative(quarkusApp, f)));
          }
        }
      }
      application.addEntry(quarkusApp.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar"));

      List<String> entrypoint = new ArrayList<>();
      entrypoint.add(settings.java());
      entrypoint.addAll(JvmFlags.ENTRYPOINT);
      entrypoint.addAll(List.of("-jar", APP.resolve("quarkus-run.jar").toString()));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("QUARKUS_HTTP_HOST", "0.0.0.0");
      env.put("DP_API_PORT", "8080");
      env.put("QUARKUS_SHUTDOWN_TIMEOUT", API_SHUTDOWN_TIMEOUT);
      JibContainerBuilder builder =
          base()
              .setFileEntriesLayers(List.of(libraries.build(), modules.build(), application.build()))
              .setEntrypoint(entrypoint)
              .setProgramArguments(List.of())
              .setExposedPorts(java.util.Set.of(Port.tcp(8080)));
      env.forEach(builder::addEnvironmentVariable);
      labels(builder, "Deploy MCP API (REST + MCP)");
      return push(builder, settings.apiReference());
    } catch (IOException e) {
      throw new ImageBuildException("cannot read " + quarkusApp + ": " + e.getMessage(), e);
    }
  }

  /**
   * The worker from its Spring Boot jar ({@code worker/target/worker.jar}), unpacked: classes
   * and libraries as plain files on a class path in the jar's own order (BOOT-INF/classpath.idx),
   * so the libraries get their own layer and the JVM starts without the nested-jar loader.
   */
  public BuiltImage worker(Path workerJar) throws ImageBuildException {
    requireFile(workerJar, "the worker's jar (./mvnw -pl worker -am package)");
    Path unpacked = null;
    try {
      unpacked = Files.createTempDirectory("dp-worker-image-");
      SpringBootJar jar = SpringBootJar.unpack(workerJar, unpacked);
      FileEntriesLayer.Builder libraries = layer("libraries");
      FileEntriesLayer.Builder modules = layer("project-modules");
      FileEntriesLayer.Builder application = layer("application");
      List<String> classPath = new ArrayList<>();
      classPath.add(APP.resolve("classes").toString());
      for (Path lib : jar.libraries()) {
        AbsoluteUnixPath target = APP.resolve("lib").resolve(lib.getFileName().toString());
        (isProjectJar(lib) ? modules : libraries).addEntry(lib, target);
        classPath.add(target.toString());
      }
      try (Stream<Path> files = Files.walk(jar.classes())) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          application.addEntry(f, APP.resolve("classes").resolve(relative(jar.classes(), f)));
        }
      }
      // The checkout workspaces: writable by uid 1000 (mount a volume here under a read-only root).
      Path emptyDir = Files.createDirectory(unpacked.resolve("workspaces"));
      application.addEntry(emptyDir, WORKSPACES, FilePermissions.fromOctalString("755"), FileEntriesLayer.DEFAULT_MODIFICATION_TIME, USER);

      List<String> entrypoint = new ArrayList<>();
      entrypoint.add(settings.java());
      entrypoint.addAll(JvmFlags.ENTRYPOINT);
      entrypoint.addAll(List.of("-cp", String.join(":", classPath), jar.mainClass()));
      JibContainerBuilder builder =
          base()
              .setFileEntriesLayers(List.of(libraries.build(), modules.build(), application.build()))
              .setEntrypoint(entrypoint)
              .setProgramArguments(List.of())
              .addEnvironmentVariable("DP_WORKSPACE_DIR", WORKSPACES.toString());
      labels(builder, "Deploy MCP worker (Temporal activities)");
      return push(builder, settings.workerReference());
    } catch (IOException e) {
      throw new ImageBuildException("cannot unpack " + workerJar + ": " + e.getMessage(), e);
    } finally {
      if (unpacked != null) {
        deleteTree(unpacked);
      }
    }
  }

  /** The main class of deploy-mcp/ops: the registry garbage collector's CronJob steps. */
  static final String OPS_MAIN = "io.deploymcp.ops.gc.RegistryGcCommand";

  /**
   * The operator commands from the ops module's {@code target/} ({@code ops.jar} and
   * {@code lib/}): the registry GC CronJob's image (infra/k8s/60-registry-gc.yml). Its entrypoint
   * is bin/registry-gc's program; the arguments are the CronJob's.
   */
  public BuiltImage ops(Path opsTarget) throws ImageBuildException {
    Path jar = opsTarget.resolve("ops.jar");
    requireFile(jar, "the ops module's jar (./mvnw -pl ops -am package)");
    try {
      FileEntriesLayer.Builder libraries = layer("libraries");
      FileEntriesLayer.Builder modules = layer("project-modules");
      FileEntriesLayer.Builder application = layer("application");
      List<String> classPath = new ArrayList<>();
      classPath.add(APP.resolve("ops.jar").toString());
      // The jar's own Class-Path names exactly its libraries; target/lib may hold stale ones
      // from earlier builds (copy-dependencies never removes a jar).
      for (String entry : manifestClassPath(jar)) {
        Path lib = opsTarget.resolve(entry);
        requireFile(lib, "a library ops.jar names (./mvnw -pl ops -am package)");
        AbsoluteUnixPath target = APP.resolve(entry);
        (isProjectJar(lib) ? modules : libraries).addEntry(lib, target);
        classPath.add(target.toString());
      }
      application.addEntry(jar, APP.resolve("ops.jar"));
      List<String> entrypoint = new ArrayList<>();
      entrypoint.add(settings.java());
      entrypoint.addAll(JvmFlags.ENTRYPOINT);
      entrypoint.addAll(List.of("-cp", String.join(":", classPath), OPS_MAIN));
      JibContainerBuilder builder =
          base()
              .setFileEntriesLayers(List.of(libraries.build(), modules.build(), application.build()))
              .setEntrypoint(entrypoint)
              .setProgramArguments(List.of());
      labels(builder, "Deploy MCP operator commands (registry GC)");
      return push(builder, settings.opsReference());
    } catch (IOException e) {
      throw new ImageBuildException("cannot read " + opsTarget + ": " + e.getMessage(), e);
    }
  }

  /** The {@code Class-Path} entries of a jar's manifest (relative paths such as {@code lib/x.jar}). */
  static List<String> manifestClassPath(Path jar) throws IOException {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      java.util.jar.Manifest manifest = file.getManifest();
      String value = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }
  }

  private JibContainerBuilder base() throws ImageBuildException {
    try {
      RegistryImage base = RegistryImage.named(settings.base());
      base.addCredentialRetriever(credentials(settings.base()).dockerConfig());
      return Jib.from(base)
          .setUser(USER)
          .setWorkingDirectory(APP)
          .addEnvironmentVariable("JAVA_TOOL_OPTIONS", String.join(" ", JvmFlags.TOOL_OPTIONS));
    } catch (com.google.cloud.tools.jib.api.InvalidImageReferenceException e) {
      throw new ImageBuildException("DP_IMAGE_BASE '" + settings.base() + "' is not an image reference", e);
    }
  }

  private void labels(JibContainerBuilder builder, String title) {
    builder.addLabel("org.opencontainers.image.title", title);
    builder.addLabel("org.opencontainers.image.revision", settings.tag());
    builder.addLabel("org.opencontainers.image.base.name", settings.base());
  }

  private BuiltImage push(JibContainerBuilder builder, String reference) throws ImageBuildException {
    long started = System.nanoTime();
    try {
      RegistryImage target = RegistryImage.named(reference);
      if (settings.username().isPresent()) {
        target.addCredential(settings.username().get(), settings.password().orElseThrow());
      } else {
        target.addCredentialRetriever(credentials(reference).dockerConfig());
      }
      Containerizer to =
          Containerizer.to(target)
              .setAllowInsecureRegistries(settings.insecure())
              .setToolName("deploy-mcp bin/images")
              .setBaseImageLayersCache(cache.resolve("base"))
              .setApplicationLayersCache(cache.resolve("application"))
              .addEventHandler(LogEvent.class, this::onLog);
      JibContainer pushed = builder.containerize(to);
      log.accept("pushed " + reference + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      return new BuiltImage(reference, pushed.getDigest().toString(), pushed.getImageId().toString());
    } catch (com.google.cloud.tools.jib.api.InvalidImageReferenceException e) {
      throw new ImageBuildException(reference + " is not an image reference", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("interrupted while building " + reference, e);
    } catch (ExecutionException | RegistryException | IOException | CacheDirectoryCreationException e) {
      throw new ImageBuildException(explain(reference, e), e);
    }
  }

  private String explain(String reference, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (cause instanceof com.google.cloud.tools.jib.api.InsecureRegistryException) {
      return "building " + reference + " failed: a registry answers over plain http or with an untrusted certificate ("
          + cause.getMessage() + "); set REGISTRY_INSECURE=true if that registry is yours (loopback registries need nothing)";
    }
    if (cause instanceof java.net.ConnectException || cause.getClass().getSimpleName().equals("HttpHostConnectException")) {
      return "building " + reference + " failed: cannot connect (" + cause.getMessage() + ")"
          + "; is the registry running (REGISTRY_HOST=" + settings.registryHost() + ", base " + settings.base() + ")?";
    }
    if (message.contains("base/jre")
        || cause.getMessage() != null && cause.getMessage().contains(settings.base())) {
      return "building " + reference + " failed on the base image " + settings.base() + " (" + message
          + "); run bin/base-images to make base/jre, or set DP_IMAGE_BASE";
    }
    return "building " + reference + " failed: " + message;
  }

  private void onLog(LogEvent event) {
    String message = event.getMessage();
    // Jib tries https first everywhere; for a loopback registry that is expected, not news.
    if (ImageSettings.isLoopback(settings.registryHost()) && (message.startsWith("Cannot verify server at https://")
        || message.startsWith("Failed to connect to https://") || message.contains("does not use a specific image digest"))) {
      return;
    }
    switch (event.getLevel()) {
      // ERROR: Jib's own (colored) rendering of the failure that push() reports in words.
      case WARN, LIFECYCLE -> {
        String plain = message.replaceAll("\u001B\\[[0-9;]*m", "");
        if (!plain.isBlank()) {
          log.accept(plain);
        }
      }
      default -> {}
    }
  }

  private CredentialRetrieverFactory credentials(String reference) throws com.google.cloud.tools.jib.api.InvalidImageReferenceException {
    return CredentialRetrieverFactory.forImage(
        com.google.cloud.tools.jib.api.ImageReference.parse(reference), this::onLog);
  }

  private static FileEntriesLayer.Builder layer(String name) {
    return FileEntriesLayer.builder().setName(name);
  }


  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  /** A jar built by this repository (its pom.properties says groupId io.deploymcp). */
  static boolean isProjectJar(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> e.getName().startsWith("META-INF/maven/io.deploymcp/"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  private static void requireFile(Path file, String what) throws ImageBuildException {
    if (!Files.isRegularFile(file)) {
      throw new ImageBuildException(file + " is missing: " + what + " (bin/images builds it when it is missing)", null);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temp dir left behind is not worth failing a build for.
    }
  }

  /** A build or push that failed; the message says what to do. */
  public static final class ImageBuildException extends Exception {
    public ImageBuildException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
