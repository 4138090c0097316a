package io.deploymcp.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** RestAssured requests as a given API key. */
public final class Api {
  private Api() {}

  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).accept(ContentType.JSON);
  }

  /** As the registry garbage collector: the operator token (DP_OPERATOR_TOKEN), not an API key. */
  public static RequestSpecification operator() {
    return as(TestStack.OPERATOR_TOKEN);
  }

  /** As the bootstrap key (tenant default, all scopes). */
  public static RequestSpecification admin() {
    return as(TestStack.BOOTSTRAP_KEY);
  }
}
