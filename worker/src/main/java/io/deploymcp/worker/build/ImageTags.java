package io.deploymcp.worker.build;

/**
 * The tags one build gets. {@code <sha>} says which commit the image holds; {@code
 * <sha>-<config>} also says how it was built, and is what the skip check looks up, so a
 * changed build pack, plan or build variable builds anew while an unchanged redeploy does not.
 */
record ImageTags(String repository, String commitTag, String configTag) {
  static final int CONFIG_CHARS = 12;

  static ImageTags of(String repository, String commitSha, String configKey) {
    return new ImageTags(repository, commitSha, commitSha + "-" + configKey.substring(0, CONFIG_CHARS));
  }

  String commitRef() {
    return repository + ":" + commitTag;
  }

  String configRef() {
    return repository + ":" + configTag;
  }
}
