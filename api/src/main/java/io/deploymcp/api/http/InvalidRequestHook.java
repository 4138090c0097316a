package io.deploymcp.api.http;

import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Installs {@link InvalidRequestTracer} when Quarkus creates Vert.x, chained in front of any tracer
 * already configured. The handler is looked up at the first refused request: Vert.x is created
 * before most beans can be.
 */
@Singleton
public class InvalidRequestHook implements VertxOptionsCustomizer {
  private final Provider<InvalidRequestHandler> handler;

  public InvalidRequestHook(Provider<InvalidRequestHandler> handler) {
    this.handler = handler;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void accept(VertxOptions options) {
    TracingOptions tracing = options.getTracingOptions() == null ? new TracingOptions() : options.getTracingOptions();
    VertxTracerFactory configured = tracing.getFactory();
    VertxTracerFactory chained = tracingOptions -> new InvalidRequestTracer(
        configured == null ? VertxTracer.NOOP : (VertxTracer<Object, Object>) configured.tracer(tracingOptions), handler::get);
    options.setTracingOptions(tracing.setFactory(chained));
  }
}
