package io.deploymcp.kubestandin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** HTTP requests mapped to the authorizer's attributes as the API server's RequestInfoFactory maps them. */
class RequestAttributesTest {

  @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4}/{5} ns={6} name={7}")
  // An empty column reads as null: it stands for "" (core group, no subresource, cluster-wide, no name).
  @CsvSource(delimiter = '|', value = {
      "GET|/api/v1/namespaces/dp-a-b/pods/web-1|get||pods||dp-a-b|web-1",
      "GET|/api/v1/namespaces/dp-a-b/pods?labelSelector=app%3Dweb|list||pods||dp-a-b|",
      "GET|/api/v1/namespaces/dp-a-b/pods?labelSelector=app%3Dweb&watch=true&allowWatchBookmarks=true|watch||pods||dp-a-b|",
      "GET|/api/v1/namespaces/dp-a-b/pods/web-1/log?container=app&previous=true|get||pods|log|dp-a-b|web-1",
      "GET|/apis/apps/v1/namespaces/dp-a-b/deployments?fieldSelector=metadata.name%3Dweb&watch=true|watch|apps|deployments||dp-a-b|web",
      "PATCH|/apis/apps/v1/namespaces/dp-a-b/deployments/web?fieldManager=deploy-mcp&force=true|patch|apps|deployments||dp-a-b|web",
      "POST|/api/v1/namespaces/dp-a-b/secrets|create||secrets||dp-a-b|",
      "PUT|/apis/networking.k8s.io/v1/namespaces/dp-a-b/ingresses/web|update|networking.k8s.io|ingresses||dp-a-b|web",
      "DELETE|/apis/batch/v1/namespaces/dp-a-b/jobs/nightly-1|delete|batch|jobs||dp-a-b|nightly-1",
      "DELETE|/api/v1/namespaces/dp-a-b/pods?labelSelector=app%3Dweb|deletecollection||pods||dp-a-b|",
      "GET|/api/v1/namespaces/dp-a-b|get||namespaces||dp-a-b|dp-a-b",
      "PATCH|/api/v1/namespaces/dp-a-b?fieldManager=deploy-mcp|patch||namespaces||dp-a-b|dp-a-b",
      "DELETE|/api/v1/namespaces/dp-a-b|delete||namespaces||dp-a-b|dp-a-b",
      "PUT|/api/v1/namespaces/dp-a-b/finalize|update||namespaces|finalize|dp-a-b|dp-a-b",
      "GET|/api/v1/namespaces?fieldSelector=metadata.name%3Ddp-a-b&watch=true|watch||namespaces|||dp-a-b",
      "GET|/api/v1/events|list||events|||",
  })
  void resourceRequestsGetTheApiServersVerbGroupResourceAndSubresource(
      String method, String path, String verb, String group, String resource, String subresource,
      String namespace, String name) {
    RequestAttributes attributes = RequestAttributes.of(method, path);

    assertThat(attributes.isResourceRequest()).isTrue();
    assertThat(attributes.verb()).isEqualTo(verb);
    assertThat(attributes.apiGroup()).isEqualTo(Objects.toString(group, ""));
    assertThat(attributes.resource()).isEqualTo(resource);
    assertThat(attributes.subresource()).isEqualTo(Objects.toString(subresource, ""));
    assertThat(attributes.namespace()).isEqualTo(Objects.toString(namespace, ""));
    assertThat(attributes.name()).isEqualTo(Objects.toString(name, ""));
  }

  @ParameterizedTest
  @CsvSource({"GET,/version", "GET,/api", "GET,/apis", "GET,/api/v1", "GET,/apis/apps/v1", "GET,/openapi/v2"})
  void discoveryAndVersionAreNonResourceRequests(String method, String path) {
    RequestAttributes attributes = RequestAttributes.of(method, path);

    assertThat(attributes.isResourceRequest()).isFalse();
    assertThat(attributes.nonResourcePath()).isEqualTo(path);
    assertThat(attributes.verb()).isEqualTo("get");
  }

  @Test
  void anApplyThatCreatedTheObjectIsAlsoAuthorizedAsCreate() {
    String path = "/apis/apps/v1/namespaces/dp-a-b/deployments/web?fieldManager=deploy-mcp&force=true";
    ApiRequest created = new ApiRequest(Instant.EPOCH, "PATCH", path, StandInDispatcher.APPLY_PATCH, "ua", 201);
    ApiRequest updated = new ApiRequest(Instant.EPOCH, "PATCH", path, StandInDispatcher.APPLY_PATCH, "ua", 200);

    assertThat(created.authorizations()).extracting(RequestAttributes::verb).containsExactly("patch", "create");
    assertThat(updated.authorizations()).extracting(RequestAttributes::verb).containsExactly("patch");
  }
}
