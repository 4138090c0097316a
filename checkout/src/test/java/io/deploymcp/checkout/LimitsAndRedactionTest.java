package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.address.AddressPolicy;
import com.sun.net.httpserver.HttpServer;
import io.deploymcp.checkout.support.Requests;
import io.deploymcp.checkout.support.StallingServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.transport.PacketLineOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone timeout, cancellation through the listener, and tokens kept out of every text. */
class LimitsAndRedactionTest {
  private static final String TOKEN = "tok_secret_0a1b2c3d4e5f";

  @TempDir Path tmp;
  private final SourceCheckout checkout = new SourceCheckout(GitNetwork.of(AddressPolicy.allowingLoopback()));

  @Test
  void stalledServerIsCloneTimeoutWithinTheLimit() throws IOException {
    try (StallingServer stalled = new StallingServer()) {
      long started = System.nanoTime();
      CheckoutException e =
          catchThrowableOfType(
              CheckoutException.class,
              () ->
                  checkout.checkout(
                      Requests.of(tmp, stalled.url("app.git"))
                          .auth("u", TOKEN)
                          .timeout(Duration.ofSeconds(2))
                          .build()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(e.code()).isEqualTo(CheckoutFailure.CLONE_TIMEOUT);
      assertThat(e.retryable()).isTrue();
      assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
      assertThat(stalled.connections()).isPositive();
      assertThat(tmp.resolve("dep-1")).doesNotExist();
    }
  }

  @Test
  void listenerHearsProgressAndItsExceptionStopsTheCheckout() throws IOException {
    List<String> heard = new ArrayList<>();
    RuntimeException cancelled = new IllegalStateException("activity cancelled");
    try (StallingServer stalled = new StallingServer()) {
      long started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  checkout.checkout(
                      Requests.of(tmp, stalled.url("app.git")).timeout(Duration.ofSeconds(60)).build(),
                      status -> {
                        heard.add(status);
                        throw cancelled;
                      }))
          .isSameAs(cancelled);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(heard).singleElement().asString().startsWith("fetching the repository");
      assertThat(tmp.resolve("dep-1")).doesNotExist();
    }
  }

  /**
   * A git host that echoes the token back in its error (as a careless proxy or server might):
   * the token must not survive into the exception's message, hint, cause chain or the logs.
   */
  @Test
  void tokenEchoedByTheServerAppearsNowhere() throws IOException {
    HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
              PacketLineOut out = new PacketLineOut(body);
              out.writeString("# service=git-upload-pack\n");
              out.end();
              out.writeString(
                  "ERR token " + TOKEN + " has expired (see https://u:" + TOKEN + "@example.com/?token=" + TOKEN + ")\n");
            }
          }
        });
    echo.start();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      CheckoutException e =
          catchThrowableOfType(
              CheckoutException.class,
              () ->
                  checkout.checkout(
                      Requests.of(tmp, "http://127.0.0.1:" + echo.getAddress().getPort() + "/app.git")
                          .auth("u", TOKEN)
                          .build()));
      System.setErr(originalErr);

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("has expired").contains(SecretRedactor.MASK);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(e.getCause()).as("the diagnosis is kept, redacted").isNotNull();
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        assertThat(t.toString()).doesNotContain(TOKEN);
      }
      assertThat(trace.toString()).doesNotContain(TOKEN);
      assertThat(e.hint()).doesNotContain(TOKEN);
      assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    } finally {
      System.setErr(originalErr);
      echo.stop(0);
    }
  }

  @Test
  void requestAndAuthNeverPrintTheToken() {
    GitAuth auth = new GitAuth("x-access-token", TOKEN);
    assertThat(auth.toString()).doesNotContain(TOKEN);
    assertThat(
            new CheckoutRequest(
                    URI.create("https://example.com/a.git"),
                    "main",
                    "",
                    Optional.of(auth),
                    tmp,
                    "d1",
                    CheckoutLimits.defaults())
                .toString())
        .doesNotContain(TOKEN);
    assertThatThrownBy(
            () ->
                new CheckoutRequest(
                    URI.create("https://u:" + TOKEN + "@example.com/a.git"),
                    "main",
                    "",
                    Optional.empty(),
                    tmp,
                    "d1",
                    CheckoutLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void workspaceNameMustBeAPlainDirectoryName() {
    for (String bad : new String[] {"../x", "a/b", "", ".hidden", "x y"}) {
      assertThatThrownBy(() -> Requests.of(tmp, "https://example.com/a.git").name(bad).build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
