package io.deploymcp.registry.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.deploymcp.registry.ImageReference;
import io.deploymcp.registry.RegistryAuth;
import io.deploymcp.registry.RegistryErrorCode;
import io.deploymcp.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Local images of a Docker engine: tag, push, look up, remove. This is how an image built by the
 * engine's built-in BuildKit (exporter {@code moby}, which stores it in the engine, not in a
 * registry) reaches the registry; a standalone buildkitd pushes by itself ({@code push=true}).
 *
 * <p>Talks the engine API over its unix socket with docker-java, pinned to API 1.41 (Docker
 * 20.10, the oldest engine we support; newer engines accept it too).
 */
public final class DockerEngineImages implements AutoCloseable {
  /** The engine API version this code is written against. */
  public static final String API_VERSION = "1.41";

  private static final Duration DEFAULT_PUSH_TIMEOUT = Duration.ofMinutes(15);
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  private final DockerClient docker;
  private final String engine;
  private final Duration pushTimeout;

  /**
   * @param docker an engine client (closed by {@link #close()})
   * @param engine how messages name the engine, e.g. its socket path
   */
  public DockerEngineImages(DockerClient docker, String engine, Duration pushTimeout) {
    this.docker = Objects.requireNonNull(docker, "docker");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.pushTimeout = Objects.requireNonNull(pushTimeout, "pushTimeout");
  }

  /** The engine at a unix socket, e.g. {@code /var/run/docker.sock}, with a 15 min push timeout. */
  public static DockerEngineImages connect(Path socket) {
    return connect(socket, DEFAULT_PUSH_TIMEOUT);
  }

  public static DockerEngineImages connect(Path socket, Duration pushTimeout) {
    String host = "unix://" + socket.toAbsolutePath();
    // A plain Builder, not createDefaultConfigBuilder(): the latter reads DOCKER_HOST and
    // ~/.docker from the worker's environment, which must not redirect or authenticate pushes.
    DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
        .withDockerHost(host)
        .withApiVersion(API_VERSION)
        .withDockerTlsVerify(false)
        .build();
    ZerodepDockerHttpClient transport = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(5))
        // Longest silence between two reads; a push reports progress far more often than this.
        .responseTimeout(Duration.ofMinutes(5))
        .build();
    return new DockerEngineImages(DockerClientImpl.getInstance(config, transport), socket.toString(), pushTimeout);
  }

  /**
   * Pushes a local image to its registry.
   *
   * @param imageRef {@code host[:port]/path:tag}; the tag is required (an untagged push would
   *     push every local tag of the repository)
   * @return the manifest digest the registry stored, as the engine reports it
   * @throws RegistryException PUSH_FAILED (retryable; not retryable when the registry refused
   *     the credentials), IMAGE_NOT_FOUND when the engine has no such image, IMAGE_NAME_INVALID
   */
  public String push(String imageRef, Optional<RegistryAuth> auth) {
    ImageReference reference = ImageReference.parse(imageRef);
    var command = docker.pushImageCmd(reference.name()).withTag(reference.tag());
    auth.ifPresent(credentials -> command.withAuthConfig(new AuthConfig()
        .withRegistryAddress(reference.registry())
        .withUsername(credentials.username())
        .withPassword(credentials.password())));
    PushStream stream = new PushStream();
    try {
      command.exec(stream);
      if (!stream.awaitCompletion(pushTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stream.close();
        throw pushFailed(reference, "no result within " + pushTimeout.toMinutes() + " min", true, auth, null);
      }
    } catch (NotFoundException e) {
      throw new RegistryException(RegistryErrorCode.IMAGE_NOT_FOUND,
          "the engine has no image " + reference, "Build or tag the image before pushing it.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw pushFailed(reference, "interrupted", true, auth, e);
    } catch (IOException e) {
      throw pushFailed(reference, e.getMessage(), true, auth, e);
    } catch (RegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw pushFailed(reference, engineMessage(e), true, auth, e);
    }
    if (stream.error().isPresent()) {
      String message = stream.error().get();
      // Docker 20.10 reports a missing local image inside the 200 stream, not as a 404.
      if (message.contains("does not exist locally")) {
        throw new RegistryException(RegistryErrorCode.IMAGE_NOT_FOUND,
            "the engine has no image " + reference, "Build or tag the image before pushing it.");
      }
      throw pushFailed(reference, message, !isAuthRefusal(message), auth, null);
    }
    return stream.digest()
        .filter(digest -> DIGEST.matcher(digest).matches())
        .orElseThrow(() -> pushFailed(reference, "the engine reported no manifest digest", true, auth, null));
  }

  /** Gives a local image (by name or id) another name, replacing that name if it exists. */
  public void tag(String sourceRef, String targetRef) {
    ImageReference target = ImageReference.parse(targetRef);
    engineCall(() -> {
      try {
        docker.tagImageCmd(sourceRef, target.name(), target.tag()).withForce(true).exec();
      } catch (NotFoundException e) {
        throw new RegistryException(RegistryErrorCode.IMAGE_NOT_FOUND,
            "the engine has no image " + sourceRef, "Build or pull the image before tagging it.", e);
      }
      return null;
    });
  }

  /** Whether the engine has a local image by that name or id. */
  public boolean exists(String imageRef) {
    return engineCall(() -> {
      try {
        docker.inspectImageCmd(imageRef).exec();
        return true;
      } catch (NotFoundException e) {
        return false;
      }
    });
  }

  /**
   * Removes a local image name (the image itself goes when no name is left); idempotent.
   *
   * @return false when there was no such image
   */
  public boolean remove(String imageRef) {
    return engineCall(() -> {
      try {
        docker.removeImageCmd(imageRef).withForce(false).exec();
        return true;
      } catch (NotFoundException e) {
        return false;
      } catch (ConflictException e) {
        throw new RegistryException(RegistryErrorCode.REGISTRY_ERROR,
            "the engine keeps " + imageRef + ": " + engineMessage(e),
            "A container still uses the image; remove the container first.", e);
      }
    });
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (IOException e) {
      // Closing only releases the HTTP connection pool; a failure there leaves nothing to act on.
    }
  }

  private <T> T engineCall(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RegistryException(RegistryErrorCode.ENGINE_UNREACHABLE,
          "Docker engine " + engine + ": " + engineMessage(e),
          "Check that dockerd runs and its socket is reachable; the call can be retried.", e);
    }
  }

  private RegistryException pushFailed(
      ImageReference reference, String detail, boolean retryable, Optional<RegistryAuth> auth, Throwable cause) {
    String message = "push of " + reference + " failed: " + redact(detail, auth);
    String hint = retryable
        ? "The registry or the engine failed during the push; it is retried with backoff."
        : "The registry refused the push credentials; fix the registry credentials and deploy again.";
    // The cause is dropped when credentials are in play: a library exception could quote them.
    return new RegistryException(RegistryErrorCode.PUSH_FAILED, message, hint, retryable,
        auth.isPresent() ? null : cause);
  }

  private static boolean isAuthRefusal(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("unauthorized") || text.contains("authentication required")
        || text.contains("denied") || text.contains("no basic auth credentials");
  }

  /** Never let a credential through, even if a daemon message were to quote it. */
  private static String redact(String text, Optional<RegistryAuth> auth) {
    String result = text == null || text.isBlank() ? "(no detail)" : text.strip();
    if (auth.isPresent() && !auth.get().password().isEmpty()) {
      result = result.replace(auth.get().password(), "***");
    }
    return result;
  }

  private static String engineMessage(Throwable e) {
    // docker-java wraps socket errors several levels deep; the innermost message says most.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return (message == null ? root.getClass().getSimpleName() : message).strip();
  }
}
