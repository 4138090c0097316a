package io.deploymcp.buildpacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Java from {@code pom.xml} (Maven, {@code ./mvnw} when present) or {@code build.gradle(.kts)}
 * (Gradle, {@code ./gradlew} when present): package without tests, then run the largest jar of
 * {@code target/} or {@code build/libs/} (the fat jar) with {@code java -jar}. There is no lockfile
 * to key a dependency layer on, so the build is one step and the ~/.m2 or ~/.gradle cache mount
 * keeps downloads to once.
 */
final class JavaPack implements LanguagePack {

  private record Tool(
      String description, String command, String cache, String jarDir, List<String> excludes) {}

  @Override
  public Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack) {
    List<String> detectedFrom = new ArrayList<>();
    Tool tool;
    if (files.isFile("pom.xml")) {
      detectedFrom.add("pom.xml");
      boolean wrapper = files.isFile("mvnw");
      if (wrapper) {
        detectedFrom.add("mvnw");
      }
      tool =
          new Tool(
              "maven",
              (wrapper ? "sh ./mvnw" : "mvn") + " -B -DskipTests package",
              "/root/.m2",
              "target",
              List.of(".git", "target"));
    } else {
      Optional<String> gradleBuild = files.firstFile("build.gradle.kts", "build.gradle");
      if (gradleBuild.isEmpty()) {
        return Optional.empty();
      }
      detectedFrom.add(gradleBuild.get());
      boolean wrapper = files.isFile("gradlew");
      if (wrapper) {
        detectedFrom.add("gradlew");
      }
      tool =
          new Tool(
              "gradle",
              (wrapper ? "sh ./gradlew" : "gradle") + " --no-daemon assemble",
              "/root/.gradle",
              "build/libs",
              List.of(".git", ".gradle", "build"));
    }
    BaseImages images = options.baseImages();
    String image = images.require(BaseImages.JAVA_VARIABLE, images.java(), Provider.JAVA);

    DockerfileWriter writer = new DockerfileWriter(options.secretKeys());
    writer.header(
        pack, "java with " + tool.description(), detectedFrom, List.of(BaseImages.JAVA_VARIABLE));
    writer.from(image, "build");
    writer.workdir("/src");
    writer.args(options.buildArgKeys());
    writer.copy(List.of("."), ".");
    writer.runProject(List.of(tool.cache()), false, tool.command());
    writer.run(
        List.of(
            "mkdir -p /out/app /out/home",
            "jar=\"$(ls -S "
                + tool.jarDir()
                + "/*.jar 2>/dev/null | grep -v -e '-sources\\.jar$' -e '-javadoc\\.jar$' -e"
                + " '-tests\\.jar$' -e '-plain\\.jar$' | head -n 1)\"",
            "if [ -z \"$jar\" ]; then echo \"the build left no jar in "
                + tool.jarDir()
                + "/\" >&2; exit 1; fi",
            "cp \"$jar\" /out/app/app.jar"));
    writer.blank();
    writer.from(image);
    writer.copyFrom("build", false, "/out/app/", "/app/");
    writer.copyFrom("build", true, "/out/home/", DockerfileWriter.APP_HOME + "/");
    writer.workdir("/app");
    writer.env("HOME", DockerfileWriter.APP_HOME);
    writer.env("PORT", Integer.toString(options.port()));
    writer.user();
    writer.expose(options.port());
    // server.port makes Spring Boot listen on $PORT; other frameworks read PORT themselves.
    writer.cmdShell("exec java -Dserver.port=\"$PORT\" -jar /app/app.jar");
    return Optional.of(new Generated(Provider.JAVA, detectedFrom, writer.text(), tool.excludes()));
  }
}
