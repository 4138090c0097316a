package io.deploymcp.api.config;

import io.deploymcp.address.HostResolver;
import io.deploymcp.address.SystemHostResolver;
import io.deploymcp.api.validation.CpuQuantity;
import io.deploymcp.api.validation.EnvLimits;
import io.deploymcp.api.validation.MemoryQuantity;
import io.deploymcp.api.validation.RepoPolicy;
import io.deploymcp.api.validation.ReservedNames;
import io.deploymcp.api.validation.ResourceBounds;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Turns the configuration into the policies the value types check against. */
@Singleton
public final class ValidationRulesProducer {

  @Produces
  @Singleton
  ReservedNames reservedNames(ApiConfig config) {
    return new ReservedNames(config.reservedNames().orElse(List.of()));
  }

  /** The system's DNS; the test suite puts in fixed answers (it has no DNS to ask). */
  @Produces
  @Singleton
  @DefaultBean
  HostResolver hostResolver(ApiConfig config) {
    return new SystemHostResolver(config.dnsTimeout());
  }

  @Produces
  @Singleton
  RepoPolicy repoPolicy(ApiConfig config, HostResolver resolver) {
    return new RepoPolicy(config.allowLocalRepos(), resolver);
  }

  @Produces
  @Singleton
  ResourceBounds resourceBounds(ApiConfig config) {
    ApiConfig.Limits l = config.limits();
    return new ResourceBounds(
        CpuQuantity.parse(l.cpuMin()),
        CpuQuantity.parse(l.cpuMax()),
        CpuQuantity.parse(l.cpuDefault()),
        MemoryQuantity.parse(l.memoryMin()),
        MemoryQuantity.parse(l.memoryMax()),
        MemoryQuantity.parse(l.memoryDefault()));
  }

  @Produces
  @Singleton
  EnvLimits envLimits(ApiConfig config) {
    return new EnvLimits(config.limits().maxEnvVars(), config.limits().maxEnvValueBytes());
  }
}
