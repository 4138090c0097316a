package io.deploymcp.buildpacks;

import java.util.Locale;

/** What a plan builds with: a detected language, a static site, or the repo's own Dockerfile. */
public enum Provider {
  NODE,
  PYTHON,
  GO,
  JAVA,
  STATIC,
  DOCKERFILE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
