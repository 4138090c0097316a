package io.deploymcp.buildpacks;

import java.util.Locale;

/** How a service's image is built; the wire names are the API's {@code build_pack} values. */
public enum BuildPack {
  /** Detect the language and generate a Dockerfile (the default). */
  RAILPACK,
  /** The repo's own Dockerfile at the service's {@code dockerfile_path}. */
  DOCKERFILE,
  /** A built-in web server image serving the files of the build context. */
  STATIC;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The pack for an API value such as {@code railpack}; rejects anything else. */
  public static BuildPack fromWireName(String wireName) {
    for (BuildPack pack : values()) {
      if (pack.wireName().equals(wireName)) {
        return pack;
      }
    }
    throw new IllegalArgumentException("build pack is not railpack, dockerfile or static");
  }
}
