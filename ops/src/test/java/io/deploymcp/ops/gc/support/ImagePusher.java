package io.deploymcp.ops.gc.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Pushes small images through the registry's v2 upload API, as an engine or BuildKit would, so
 * the GC tests need no Docker: a random layer blob, a config blob naming it, an image manifest
 * (OCI or Docker media type), or an index over manifests already pushed.
 */
public final class ImagePusher {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final HttpClient http = HttpClient.newHttpClient();

  public ImagePusher(String host) {
    this.host = host;
  }

  /** An image pushed: its manifest digest and its blobs. */
  public record Pushed(String repository, String digest, String layer, String config, int manifestSize) {}

  /** An image with one random layer of {@code layerBytes}, tagged {@code tag}. */
  public Pushed image(String repository, String tag, int layerBytes) {
    byte[] layer = new byte[layerBytes];
    RANDOM.nextBytes(layer);
    String layerDigest = blob(repository, layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + layerDigest + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = blob(repository, config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":" + layer.length
        + ",\"digest\":\"" + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
    return new Pushed(repository, manifest(repository, tag, OCI_MANIFEST, manifest), layerDigest, configDigest, manifest.length);
  }

  /** An OCI index over images already in the repository, tagged {@code tag}. */
  public String index(String repository, String tag, List<Pushed> images) {
    StringBuilder entries = new StringBuilder();
    for (Pushed image : images) {
      if (!entries.isEmpty()) {
        entries.append(',');
      }
      entries.append("{\"mediaType\":\"").append(OCI_MANIFEST).append("\",\"size\":").append(image.manifestSize())
          .append(",\"digest\":\"").append(image.digest()).append("\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}");
    }
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}")
        .getBytes(StandardCharsets.UTF_8);
    return manifest(repository, tag, OCI_INDEX, index);
  }

  /** HEAD of the manifest by digest: still in the registry? */
  public boolean exists(String repository, String digest) {
    HttpResponse<Void> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200 && response.statusCode() != 404) {
      throw new IllegalStateException("HEAD " + repository + "@" + digest + " answered " + response.statusCode());
    }
    return response.statusCode() == 200;
  }

  private String blob(String repository, byte[] content) {
    String digest = sha256(content);
    HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
    expect(started, 202);
    URI upload = URI.create("http://" + host).resolve(started.headers().firstValue("Location").orElseThrow());
    String separator = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> finished = send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), HttpResponse.BodyHandlers.ofString());
    expect(finished, 201);
    return digest;
  }

  private String manifest(String repository, String tag, String mediaType, byte[] body) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
        .header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString());
    expect(response, 201);
    return sha256(body);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.version(HttpClient.Version.HTTP_1_1).build(), handler);
    } catch (IOException e) {
      throw new IllegalStateException("registry " + host + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://" + host + path);
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
          + response.statusCode() + ": " + response.body());
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
