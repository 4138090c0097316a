package io.deploymcp.buildpacks;

import java.util.List;
import java.util.Optional;

/** One detector of Railpack's list: recognises its project kind and writes its Dockerfile. */
interface LanguagePack {

  /** Empty when this kind of project is not in the context. */
  Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack);

  /**
   * @param provider what was detected
   * @param detectedFrom the files that decided it
   * @param dockerfile the generated text
   * @param contextExcludes top-level paths the worker leaves out of the synced context
   */
  record Generated(
      Provider provider,
      List<String> detectedFrom,
      String dockerfile,
      List<String> contextExcludes) {}
}
