package io.deploymcp.buildpacks;

import java.util.List;
import java.util.Optional;

/**
 * A directory of files served by busybox httpd as uid 1000 on {@code $PORT}. The site is the
 * context root when it has an {@code index.html}, else the first of {@code dist/}, {@code build/},
 * {@code public/} that has one; the static pack serves the root when none has.
 */
final class StaticSitePack implements LanguagePack {

  static final List<String> SITE_DIRS = List.of("dist", "build", "public");
  static final String SITE_ROOT = "/srv";

  @Override
  public Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack) {
    return siteDir(files).map(dir -> generate(files, options, pack, dir));
  }

  /** The static pack: serves the site directory, or the whole context when there is none. */
  Generated planAlways(ContextFiles files, PlanOptions options) {
    return generate(files, options, BuildPack.STATIC, siteDir(files).orElse(""));
  }

  private static Optional<String> siteDir(ContextFiles files) {
    if (files.isFile("index.html")) {
      return Optional.of("");
    }
    return SITE_DIRS.stream().filter(dir -> files.isFile(dir + "/index.html")).findFirst();
  }

  private static Generated generate(
      ContextFiles files, PlanOptions options, BuildPack pack, String dir) {
    String image =
        options
            .baseImages()
            .require(
                BaseImages.STATIC_VARIABLE, options.baseImages().staticServer(), Provider.STATIC);
    String index = dir.isEmpty() ? "index.html" : dir + "/index.html";
    List<String> detectedFrom = files.isFile(index) ? List.of(index) : List.of();
    String what = dir.isEmpty() ? "static site, the whole context" : "static site in " + dir + "/";
    DockerfileWriter writer = new DockerfileWriter(options.secretKeys());
    writer.header(pack, what, detectedFrom, List.of(BaseImages.STATIC_VARIABLE));
    writer.from(image);
    writer.copyOwned(List.of(dir.isEmpty() ? "." : dir + "/"), SITE_ROOT + "/");
    serve(writer, options.port());
    return new Generated(Provider.STATIC, detectedFrom, writer.text(), List.of(".git"));
  }

  /** The rest of a web-server stage whose files are already in {@link #SITE_ROOT}. */
  static void serve(DockerfileWriter writer, int port) {
    writer.workdir(SITE_ROOT);
    writer.env("HOME", SITE_ROOT);
    writer.env("PORT", Integer.toString(port));
    writer.user();
    writer.expose(port);
    writer.cmdShell("exec busybox httpd -f -p \"$PORT\" -h " + SITE_ROOT);
  }
}
