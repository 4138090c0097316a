package io.deploymcp.checkout.support;

import io.deploymcp.checkout.CheckoutLimits;
import io.deploymcp.checkout.CheckoutRequest;
import io.deploymcp.checkout.GitAuth;
import io.deploymcp.checkout.SubmodulePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A small builder for checkout requests in tests. */
public final class Requests {
  private URI repo;
  private String ref = "main";
  private String rootDir = "";
  private Optional<GitAuth> auth = Optional.empty();
  private final Path workspaceRoot;
  private String name = "dep-1";
  private Duration timeout = Duration.ofSeconds(30);
  private long maxBytes = 64L << 20;
  private SubmodulePolicy submodules = SubmodulePolicy.SAME_HOST;

  private Requests(Path workspaceRoot, String repo) {
    this.workspaceRoot = workspaceRoot;
    this.repo = URI.create(repo);
  }

  public static Requests of(Path workspaceRoot, String repo) {
    return new Requests(workspaceRoot, repo);
  }

  public Requests ref(String ref) {
    this.ref = ref;
    return this;
  }

  public Requests rootDir(String rootDir) {
    this.rootDir = rootDir;
    return this;
  }

  public Requests auth(String username, String token) {
    this.auth = Optional.of(new GitAuth(username, token));
    return this;
  }

  public Requests name(String name) {
    this.name = name;
    return this;
  }

  public Requests timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public Requests maxBytes(long maxBytes) {
    this.maxBytes = maxBytes;
    return this;
  }

  public Requests submodules(SubmodulePolicy submodules) {
    this.submodules = submodules;
    return this;
  }

  public CheckoutRequest build() {
    return new CheckoutRequest(
        repo, ref, rootDir, auth, workspaceRoot, name, new CheckoutLimits(timeout, maxBytes, submodules));
  }
}
