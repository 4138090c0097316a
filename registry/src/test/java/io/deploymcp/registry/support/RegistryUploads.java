package io.deploymcp.registry.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Puts small images straight into a registry through its v2 upload API, so registry tests need
 * no engine: a config blob, one layer blob and a manifest (or an index over manifests).
 */
public final class RegistryUploads {
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private final String host;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public RegistryUploads(String host) {
    this.host = host;
  }

  /** Uploads an image whose one layer holds {@code content}; returns the manifest's digest. */
  public String putImage(String repository, String tag, String content) throws Exception {
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    String layerDigest = putBlob(repository, layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + layerDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = putBlob(repository, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
        + ",\"digest\":\"" + configDigest + "\"},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length
        + ",\"digest\":\"" + layerDigest + "\"}]}";
    return putManifest(repository, tag, DOCKER_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads an OCI index naming one manifest already in the repository; returns the index's digest. */
  public String putIndex(String repository, String tag, String manifestDigest, long manifestSize) throws Exception {
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + DOCKER_MANIFEST + "\",\"size\":" + manifestSize + ",\"digest\":\"" + manifestDigest
        + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
    return putManifest(repository, tag, OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
  }

  /** Size in bytes of a stored manifest (an index must state it). */
  public long manifestSize(String repository, String digest) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + digest))
        .header("Accept", DOCKER_MANIFEST).build(), HttpResponse.BodyHandlers.ofByteArray());
    expect(response, 200);
    return response.body().length;
  }

  public static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private String putBlob(String repository, byte[] blob) throws Exception {
    String digest = sha256(blob);
    HttpResponse<String> started = http.send(
        HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(started, 202);
    String location = started.headers().firstValue("Location").orElseThrow();
    URI upload = URI.create("http://" + host).resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> finished = http.send(
        HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(finished, 201);
    return digest;
  }

  private String putManifest(String repository, String tag, String mediaType, byte[] manifest) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(response, 201);
    return sha256(manifest);
  }

  private URI uri(String path) {
    return URI.create("http://" + host + path);
  }

  private static void expect(HttpResponse<?> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.uri().getPath()
          + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
