package io.deploymcp.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a registry through the OCI distribution / Docker registry v2 API. Its one question —
 * "which manifest does this tag point at?" — is what the build's skip path asks before starting
 * BuildKit: an image for the same commit and build configuration that already exists is reused
 * by digest.
 *
 * <p>Anonymous first; on a 401 it follows the challenge: {@code Basic} with the configured
 * credentials, or {@code Bearer} through the registry's token service (tokens cached per scope).
 * Redirects are not followed, so an Authorization header never travels to another host.
 */
public final class RegistryClient implements AutoCloseable {
  /** What a tag may point at; without the list/index types a registry would answer with one platform's manifest. */
  static final List<String> MANIFEST_MEDIA_TYPES = List.of(
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private static final String ACCEPT = String.join(", ", MANIFEST_MEDIA_TYPES);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Page size of catalog and tag listings. */
  static final int PAGE_SIZE = 100;
  /** {@code Link: </v2/_catalog?last=x&n=100>; rel="next"} (RFC 8288, as distribution writes it). */
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryEndpoint endpoint;
  private final Optional<RegistryAuth> auth;
  private final HttpClient ownedClient;
  private final RegistryHttp http;
  private final BearerTokens tokens;
  /** Set once the registry asked for Basic, so later calls send it up front. */
  private volatile boolean basicChallenged;

  /** A client with its own HTTP client and a 10 s timeout per request. */
  public RegistryClient(RegistryEndpoint endpoint, Optional<RegistryAuth> auth) {
    this(endpoint, auth, newHttpClient(), DEFAULT_TIMEOUT, true);
  }

  /** @param http used as given; build it with {@code followRedirects(NEVER)} to keep credentials on this host */
  public RegistryClient(
      RegistryEndpoint endpoint, Optional<RegistryAuth> auth, HttpClient http, Duration timeout) {
    this(endpoint, auth, http, timeout, false);
  }

  private RegistryClient(
      RegistryEndpoint endpoint, Optional<RegistryAuth> auth, HttpClient http, Duration timeout, boolean owned) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.ownedClient = owned ? http : null;
    this.http = new RegistryHttp(http, timeout);
    this.tokens = new BearerTokens(this.http, auth, Clock.systemUTC());
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /**
   * The digest of the manifest (or index) {@code repository:tag} points at, as the registry
   * reports it in {@code Docker-Content-Digest}; empty when the repository or tag does not exist.
   *
   * @param repository the path inside the registry ({@code dp-acme-web/api}); a leading
   *     {@code <this registry's host>/} is accepted and dropped, so {@link ImageNames#repository}
   *     output can be passed as is
   * @param tag a tag, or a {@code sha256:} digest
   * @throws RegistryException REGISTRY_UNREACHABLE (retry), REGISTRY_AUTH_FAILED, REGISTRY_ERROR,
   *     IMAGE_NAME_INVALID
   */
  public Optional<String> manifestDigest(String repository, String tag) {
    String path = repositoryPath(repository);
    if (!ReferenceGrammar.isTag(tag) && !ReferenceGrammar.isDigest(tag)) {
      throw ReferenceGrammar.invalid("tag '" + tag + "' is not a valid image tag or digest");
    }
    String what = endpoint.host() + "/" + path + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    URI uri = endpoint.baseUri().resolve("/v2/" + path + "/manifests/" + tag);
    String scope = "repository:" + path + ":pull";

    HttpResponse<byte[]> head = authorized("HEAD", uri, scope, what);
    int status = head.statusCode();
    if (status == 404) {
      return Optional.empty();
    }
    requireOk(status, what);
    Optional<String> digest = head.headers().firstValue("Docker-Content-Digest").filter(ReferenceGrammar::isDigest);
    if (digest.isPresent()) {
      return digest;
    }
    // Some registries leave the header off HEAD answers: fetch the manifest and hash it.
    HttpResponse<byte[]> get = authorized("GET", uri, scope, what);
    if (get.statusCode() == 404) {
      return Optional.empty();
    }
    requireOk(get.statusCode(), what);
    return Optional.of(get.headers().firstValue("Docker-Content-Digest")
        .filter(ReferenceGrammar::isDigest)
        .orElseGet(() -> sha256(get.body())));
  }

  /** Like {@link #manifestDigest} but a missing manifest is a MANIFEST_NOT_FOUND failure (e.g. a base image). */
  public String requireManifestDigest(String repository, String tag) {
    return manifestDigest(repository, tag).orElseThrow(() -> new RegistryException(
        RegistryErrorCode.MANIFEST_NOT_FOUND,
        "no image " + endpoint.host() + "/" + repositoryPath(repository) + ":" + tag + " in the registry",
        "Push the image first (base images: bin/base-images), or fix the name or tag."));
  }

  /**
   * Checks that the registry lets this client in with what is configured: its version check
   * {@code GET /v2/}, through a Basic or Bearer challenge like any other call. Cheap; call it
   * before an engine push with credentials, because Docker 20.10 retries a refused layer upload
   * for about 50 s before it gives up.
   *
   * @throws RegistryException REGISTRY_AUTH_FAILED, REGISTRY_UNREACHABLE (retry), REGISTRY_ERROR
   */
  public void verifyCredentials() {
    HttpResponse<byte[]> response = authorized("GET", endpoint.baseUri().resolve("/v2/"), "", endpoint.host());
    requireOk(response.statusCode(), endpoint.host());
  }

  /**
   * Every repository {@code GET /v2/_catalog} lists, page after page ({@code Link: rel="next"}).
   *
   * @throws RegistryException REGISTRY_UNREACHABLE (retry), REGISTRY_AUTH_FAILED, REGISTRY_ERROR
   */
  public List<String> catalog() {
    return catalog(PAGE_SIZE);
  }

  /** {@link #catalog()} with {@code n=pageSize} per request. */
  public List<String> catalog(int pageSize) {
    return pages(endpoint.baseUri().resolve("/v2/_catalog?n=" + pageSize), "registry:catalog:*",
        endpoint.host() + " catalog", "repositories", false);
  }

  /**
   * Every tag of a repository, paged like the catalog; empty when the registry does not know the
   * repository (or it has no tags left).
   *
   * @throws RegistryException as {@link #catalog()}, and IMAGE_NAME_INVALID
   */
  public List<String> tags(String repository) {
    String path = repositoryPath(repository);
    return pages(endpoint.baseUri().resolve("/v2/" + path + "/tags/list?n=" + PAGE_SIZE), "repository:" + path + ":pull",
        endpoint.host() + "/" + path + " tags", "tags", true);
  }

  /**
   * The manifest or index stored under a tag or digest, with the media type the registry
   * answers; empty when there is none.
   *
   * @throws RegistryException REGISTRY_UNREACHABLE (retry), REGISTRY_AUTH_FAILED, REGISTRY_ERROR, IMAGE_NAME_INVALID
   */
  public Optional<StoredManifest> manifest(String repository, String reference) {
    String path = repositoryPath(repository);
    if (!ReferenceGrammar.isTag(reference) && !ReferenceGrammar.isDigest(reference)) {
      throw ReferenceGrammar.invalid("'" + reference + "' is not a valid image tag or digest");
    }
    String what = endpoint.host() + "/" + path + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    HttpResponse<byte[]> get = authorized("GET", endpoint.baseUri().resolve("/v2/" + path + "/manifests/" + reference),
        "repository:" + path + ":pull", what);
    if (get.statusCode() == 404) {
      return Optional.empty();
    }
    requireOk(get.statusCode(), what);
    String digest = get.headers().firstValue("Docker-Content-Digest").filter(ReferenceGrammar::isDigest)
        .orElseGet(() -> sha256(get.body()));
    return Optional.of(new StoredManifest(digest, get.headers().firstValue("Content-Type").orElse(""), get.body()));
  }

  /**
   * Deletes a manifest by digest ({@code DELETE /v2/<repository>/manifests/<digest>}); the
   * registry drops every tag pointing at it. Blobs stay until the registry's garbage-collect.
   *
   * @return true when it was deleted, false when the registry had no such manifest
   * @throws RegistryException REGISTRY_ERROR (also when the registry has deletes disabled),
   *     REGISTRY_UNREACHABLE (retry), REGISTRY_AUTH_FAILED, IMAGE_NAME_INVALID
   */
  public boolean deleteManifest(String repository, String digest) {
    String path = repositoryPath(repository);
    if (!ReferenceGrammar.isDigest(digest)) {
      throw ReferenceGrammar.invalid("manifests are deleted by sha256 digest, not '" + digest + "'");
    }
    String what = endpoint.host() + "/" + path + "@" + digest;
    HttpResponse<byte[]> response = authorized("DELETE", endpoint.baseUri().resolve("/v2/" + path + "/manifests/" + digest),
        "repository:" + path + ":delete", what);
    int status = response.statusCode();
    if (status == 202 || status == 200) {
      return true;
    }
    if (status == 404) {
      return false;
    }
    if (status == 405) {
      throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR, what + ": the registry does not allow deletes (405)",
          "Enable deletes in the registry's configuration (storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true).");
    }
    requireOk(status, what);
    throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR, what + ": the registry answered " + status + " to DELETE",
        "The registry did not delete the manifest; check its logs.");
  }

  private List<String> pages(URI first, String scope, String what, String field, boolean absentIsEmpty) {
    List<String> all = new ArrayList<>();
    URI next = first;
    while (next != null) {
      HttpResponse<byte[]> page = authorized("GET", next, scope, what);
      if (page.statusCode() == 404 && absentIsEmpty) {
        return List.of();
      }
      requireOk(page.statusCode(), what);
      try {
        JsonNode names = JSON.readTree(page.body()).path(field);
        if (!names.isArray() && !names.isNull() && !names.isMissingNode()) {
          throw listingUnreadable(what, "'" + field + "' is not a list");
        }
        for (JsonNode name : names) {
          all.add(name.asText());
        }
      } catch (IOException e) {
        throw listingUnreadable(what, "the answer is not JSON");
      }
      next = nextPage(page, what);
    }
    return List.copyOf(all);
  }

  private URI nextPage(HttpResponse<byte[]> page, String what) {
    Optional<String> link = page.headers().firstValue("Link");
    if (link.isEmpty()) {
      return null;
    }
    Matcher matcher = NEXT_LINK.matcher(link.get());
    if (!matcher.find()) {
      return null;
    }
    URI next = endpoint.baseUri().resolve(matcher.group(1));
    // The next page must be on this registry: credentials never follow a link elsewhere.
    if (!endpoint.baseUri().getRawAuthority().equals(next.getRawAuthority())
        || !endpoint.baseUri().getScheme().equals(next.getScheme())) {
      throw listingUnreadable(what, "the next page points at another host");
    }
    return next;
  }

  private static RegistryException listingUnreadable(String what, String why) {
    return new RegistryException(RegistryErrorCode.REGISTRY_ERROR, what + ": " + why,
        "The registry answered a listing this client cannot read; check that REGISTRY_HOST is a distribution registry.");
  }

  private HttpResponse<byte[]> authorized(String method, URI uri, String scope, String what) {
    Optional<String> accept = Optional.of(ACCEPT);
    HttpResponse<byte[]> response = http.send(method, uri, upFront(scope), accept, what);
    if (response.statusCode() != 401) {
      return response;
    }
    tokens.forget(scope);
    AuthChallenge challenge = response.headers().allValues("WWW-Authenticate").stream()
        .map(AuthChallenge::parse)
        .flatMap(Optional::stream)
        .filter(c -> c.scheme().equals("bearer") || c.scheme().equals("basic"))
        .findFirst()
        .orElseThrow(() -> BearerTokens.authFailed(what + ": 401 without a Basic or Bearer challenge"));
    String authorization;
    if (challenge.scheme().equals("bearer")) {
      authorization = "Bearer " + tokens.fetch(challenge, scope, what);
    } else {
      RegistryAuth credentials = auth.orElseThrow(() -> BearerTokens.authFailed(
          what + ": the registry asks for credentials and none are configured"));
      basicChallenged = true;
      authorization = RegistryHttp.basic(credentials);
    }
    HttpResponse<byte[]> retried = http.send(method, uri, Optional.of(authorization), accept, what);
    if (retried.statusCode() == 401) {
      throw BearerTokens.authFailed(what + ": the registry refused "
          + (auth.isPresent() ? "the credentials" : "anonymous access") + " (401)");
    }
    return retried;
  }

  private Optional<String> upFront(String scope) {
    Optional<String> token = tokens.cached(scope).map(value -> "Bearer " + value);
    if (token.isPresent()) {
      return token;
    }
    return basicChallenged ? auth.map(RegistryHttp::basic) : Optional.empty();
  }

  private static void requireOk(int status, String what) {
    if (status == 200) {
      return;
    }
    if (status == 401 || status == 403) {
      throw BearerTokens.authFailed(what + ": access denied (" + status + ")");
    }
    if (status == 429 || status >= 500) {
      throw new RegistryException(RegistryErrorCode.REGISTRY_UNREACHABLE, what + ": the registry answered " + status,
          "The registry is overloaded or failing; the call can be retried.");
    }
    throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR, what + ": the registry answered " + status,
        "The registry did not accept the manifest request; check the repository name and the registry's logs.");
  }

  private String repositoryPath(String repository) {
    String path = repository != null && repository.startsWith(endpoint.host() + "/")
        ? repository.substring(endpoint.host().length() + 1)
        : repository;
    if (!ReferenceGrammar.isPath(path)) {
      throw ReferenceGrammar.invalid("repository '" + repository + "' is not a valid image path");
    }
    return path;
  }

  private static String sha256(byte[] body) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public void close() {
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}
