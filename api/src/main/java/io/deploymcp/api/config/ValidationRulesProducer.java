package io.deploymcp.api.config;

import io.deploymcp.api.validation.CpuQuantity;
import io.deploymcp.api.validation.DnsHostResolver;
import io.deploymcp.api.validation.EnvLimits;
import io.deploymcp.api.validation.MemoryQuantity;
import io.deploymcp.api.validation.RepoPolicy;
import io.deploymcp.api.validation.ReservedNames;
import io.deploymcp.api.validation.ResourceBounds;
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

  @Produces
  @Singleton
  RepoPolicy repoPolicy(ApiConfig config) {
    return new RepoPolicy(config.allowLocalRepos(), new DnsHostResolver(config.dnsTimeout()));
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
