package io.deploymcp.worker.build;

import io.deploymcp.worker.env.EnvValue;
import java.util.List;
import java.util.UUID;

/**
 * Everything the database says about how to build one deployment. {@code env} holds decrypted
 * values: this record lives only inside the build activity and is never logged.
 */
record BuildInputs(
    UUID tenantId,
    UUID serviceId,
    String tenantName,
    String projectName,
    String serviceName,
    String buildPack,
    String rootDir,
    String dockerfilePath,
    int port,
    List<EnvValue> env) {

  @Override
  public String toString() {
    return "BuildInputs[" + tenantName + "/" + projectName + "/" + serviceName + ", " + buildPack + "]";
  }
}
