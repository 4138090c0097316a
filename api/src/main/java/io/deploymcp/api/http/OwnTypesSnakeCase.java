package io.deploymcp.api.http;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;

/**
 * snake_case for this project's own types (every REST body and answer, every tool argument and
 * result), and the names a type declares for everyone else's. The MCP server serializes its
 * protocol records ({@code isError}, {@code structuredContent}, {@code mimeType}) with the same
 * application mapper, and the MCP wire format is camelCase.
 */
public class OwnTypesSnakeCase extends PropertyNamingStrategy {
  private static final String OWN_PACKAGE = "io.deploymcp.";
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  @Override
  public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
    return translate(field, defaultName);
  }

  @Override
  public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
    return translate(method, defaultName);
  }

  @Override
  public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
    return translate(method, defaultName);
  }

  @Override
  public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter, String defaultName) {
    return translate(parameter, defaultName);
  }

  private static String translate(AnnotatedMember member, String name) {
    Class<?> owner = member.getDeclaringClass();
    return owner != null && owner.getName().startsWith(OWN_PACKAGE) ? SNAKE.translate(name) : name;
  }
}
