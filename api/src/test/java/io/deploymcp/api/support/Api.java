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

  /** As the bootstrap key (tenant default, all scopes). */
  public static RequestSpecification admin() {
    return as(TestStack.BOOTSTRAP_KEY);
  }
}
