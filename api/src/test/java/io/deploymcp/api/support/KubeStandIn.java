package io.deploymcp.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The Kubernetes stand-in (module kube-standin: fabric8's mock API server with server-side apply
 * and pod logs, plus the kubelet stand-in) for the API tests. It runs on Vert.x 5, which cannot
 * share a class path with Quarkus's Vert.x 4, so it is loaded in a class loader of its own (parent:
 * the platform loader) from kube-standin's runtime class path, resolved once with the build's own
 * Maven wrapper and local repository, and driven by reflection. One stand-in per JVM, kept in the
 * thread of its own as JDK types so the Quarkus test resource and the test class (which may be
 * loaded by different class loaders) share it.
 */
public final class KubeStandIn {
  /** The name of the thread that holds the JVM's stand-in. */
  private static final String HOLDER = "deploy-mcp-tests-kube-standin";

  /** The kubeconfig file of the stand-in (https on 127.0.0.1, its own CA, token auth). */
  public final Path kubeconfig;
  private final Supplier<List<String>> requests;
  private final Runnable clearRequests;
  private final BiConsumer<String, List<String>> crashLoop;

  @SuppressWarnings("unchecked")
  private KubeStandIn(Map<String, Object> parts) {
    this.kubeconfig = Path.of((String) parts.get("kubeconfig"));
    this.requests = (Supplier<List<String>>) parts.get("requests");
    this.clearRequests = (Runnable) parts.get("clearRequests");
    this.crashLoop = (BiConsumer<String, List<String>>) parts.get("crashLoop");
  }

  /** The JVM's stand-in, started on first use. */
  @SuppressWarnings("unchecked")
  public static synchronized KubeStandIn shared() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (HOLDER.equals(thread.getName()) && thread instanceof Supplier<?> holder) {
        return new KubeStandIn((Map<String, Object>) holder.get());
      }
    }
    Holder holder = new Holder(start());
    holder.start();
    return new KubeStandIn(holder.get());
  }

  /**
   * Keeps the stand-in's parts where any class loader finds them: a thread, looked up by name and
   * read through a JDK interface. (System properties would do, but Narayana and SmallRye Config
   * read every entry there as a String.)
   */
  private static final class Holder extends Thread implements Supplier<Map<String, Object>> {
    private final Map<String, Object> parts;

    Holder(Map<String, Object> parts) {
      super(HOLDER);
      this.parts = parts;
      setDaemon(true);
    }

    @Override
    public Map<String, Object> get() {
      return parts;
    }

    @Override
    public void run() {
      while (true) {
        java.util.concurrent.locks.LockSupport.park(this);
      }
    }
  }

  /** Every request the stand-in answered since the last clear, as {@code "<METHOD> <path> <user agent>"}. */
  public List<String> requests() {
    return requests.get();
  }

  public void clearRequests() {
    clearRequests.run();
  }

  /** Containers of {@code image} crash (exit 1) after writing {@code lines}, again and again. */
  public void crashLoop(String image, List<String> lines) {
    crashLoop.accept(image, lines);
  }

  private static Map<String, Object> start() {
    ClassLoader loader = loader();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> clusterType = loader.loadClass("io.deploymcp.kubestandin.StandInCluster");
      Class<?> timingType = loader.loadClass("io.deploymcp.kubestandin.kubelet.KubeletStandIn$Timing");
      Class<?> behaviourType = loader.loadClass("io.deploymcp.kubestandin.kubelet.PodBehaviour");
      Object timing = timingType.getConstructor(Duration.class, Duration.class, int.class)
          .newInstance(Duration.ofMillis(20), Duration.ofMillis(100), 3);
      Object builder = clusterType.getMethod("builder").invoke(null);
      builder = builder.getClass().getMethod("timing", timingType).invoke(builder, timing);
      Object cluster = builder.getClass().getMethod("start").invoke(builder);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> call(cluster, "close"), "kube-standin-close"));
      Object kubelet = call(cluster, "kubelet");
      Method script = kubelet.getClass().getMethod("script", String.class, behaviourType);
      Method crashLoop = behaviourType.getMethod("crashLoop", int.class, List.class);
      Supplier<List<String>> requests = () -> {
        List<String> out = new ArrayList<>();
        for (Object r : (List<?>) call(cluster, "requests")) {
          out.add(call(r, "method") + " " + call(r, "path") + " " + call(r, "userAgent"));
        }
        return out;
      };
      Runnable clear = () -> call(cluster, "clearRequests");
      BiConsumer<String, List<String>> crash = (image, lines) -> {
        try {
          script.invoke(kubelet, image, crashLoop.invoke(null, 1, List.copyOf(lines)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
      return Map.of(
          "kubeconfig", call(cluster, "kubeconfig").toString(),
          "requests", requests, "clearRequests", clear, "crashLoop", crash);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the Kubernetes stand-in did not start", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the Kubernetes stand-in's API changed", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Object call(Object target, String method) {
    try {
      Method m = target.getClass().getMethod(method);
      m.setAccessible(true);
      return m.invoke(target);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(method + " failed on the Kubernetes stand-in", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** kube-standin and its runtime dependencies, in a loader that sees nothing of the tests' class path. */
  private static ClassLoader loader() {
    Path root = Path.of(System.getProperty("deploymcp.test.project-root", "..")).toAbsolutePath().normalize();
    Path repo = Path.of(System.getProperty("deploymcp.test.maven-repo", System.getProperty("user.home") + "/.m2/repository"));
    Path classpathFile = root.resolve("api/target/kube-standin.classpath");
    if (!Files.isReadable(classpathFile)) {
      resolveClasspath(root, repo, classpathFile);
    }
    List<URL> urls = new ArrayList<>();
    try {
      Path jar = repo.resolve("io/deploymcp/kube-standin/0.1.0/kube-standin-0.1.0.jar");
      Path classes = root.resolve("kube-standin/target/classes");
      urls.add((Files.isReadable(jar) ? jar : classes).toUri().toURL());
      for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          urls.add(Path.of(entry).toUri().toURL());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new URLClassLoader("kube-standin", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  private static void resolveClasspath(Path root, Path repo, Path classpathFile) {
    try {
      Files.createDirectories(classpathFile.getParent());
      ProcessBuilder mvn = new ProcessBuilder(
          root.resolve("mvnw").toString(), "-B", "-q", "-o", "-Dmaven.repo.local=" + repo,
          "-f", root.resolve("kube-standin/pom.xml").toString(), "dependency:build-classpath",
          "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + classpathFile)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      mvn.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process process = mvn.start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("could not resolve kube-standin's class path with " + root.resolve("mvnw")
            + " (install it first: ./mvnw -pl kube-standin -am install -DskipTests)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
