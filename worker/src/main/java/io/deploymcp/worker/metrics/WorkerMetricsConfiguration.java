package io.deploymcp.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's one meter registry, Prometheus-formatted. Being a {@link MeterRegistry} bean, it is
 * also what temporal-spring-boot-starter's {@code MetricsScopeAutoConfiguration} hands to its
 * {@code MicrometerClientStatsReporter}, so the SDK's {@code temporal_*} series come out on the
 * same {@code /metrics}. JVM and process binders are bound by hand: the worker has no actuator.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerMetricsConfiguration {

  @Bean
  PrometheusMeterRegistry prometheusMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Before any meter exists: a filter applies to meters registered after it.
    registry.config().meterFilter(TemporalHistogramBuckets.FILTER);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  @Bean
  DeployMetrics deployMetrics(MeterRegistry registry) {
    return new DeployMetrics(registry);
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  MetricsServer metricsServer(
      PrometheusMeterRegistry registry,
      @Value("${dp.worker.metrics-address}") String address,
      @Value("${dp.worker.metrics-port}") int port) {
    return new MetricsServer(registry, address, port);
  }
}
