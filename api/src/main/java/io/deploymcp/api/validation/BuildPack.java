package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.Locale;

/** How the image is built: Railpack detection (default), the repo's Dockerfile, or static files. */
public enum BuildPack {
  RAILPACK,
  DOCKERFILE,
  STATIC;

  public static BuildPack orDefault(String raw) {
    if (raw == null) {
      return RAILPACK;
    }
    for (BuildPack pack : values()) {
      if (pack.wireName().equals(raw)) {
        return pack;
      }
    }
    throw new ValidationException(
        ProblemCode.INVALID_BUILD_PACK,
        "build_pack",
        "build_pack '" + ServiceName.printable(raw) + "' is not railpack, dockerfile or static");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
