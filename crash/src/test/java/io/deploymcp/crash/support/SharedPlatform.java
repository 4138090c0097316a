package io.deploymcp.crash.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every suite the same {@link CrashPlatform}, started on first use and closed when the
 * whole run ends (JUnit's root store closes it): the suites cost one PostgreSQL, Temporal and
 * API start between them, not one each.
 */
public final class SharedPlatform implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CrashPlatform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedPlatform.class))
        .computeIfAbsent(
            "platform",
            key -> {
              try {
                return CrashPlatform.start();
              } catch (Exception e) {
                throw new IllegalStateException("the crash platform did not start: " + e.getMessage(), e);
              }
            },
            CrashPlatform.class);
  }
}
