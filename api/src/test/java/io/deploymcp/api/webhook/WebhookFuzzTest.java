package io.deploymcp.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.audit.AuditEntry;
import io.deploymcp.api.audit.AuditLog;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.validation.DeployEnvironment;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook deliveries from the fuzzer, through {@link WebhookOperations#receive} with the
 * database, the cipher and the deploy start replaced by fakes: one service tracks every
 * repository a delivery names. Properties: every delivery gets an answer or one of the defined
 * refusals, never another exception; a malformed signature header is INVALID_SIGNATURE before
 * anything is looked up; a body neither secret signed is refused and neither claims a delivery
 * id nor starts a deploy; a deploy starts only for a push event with a well-formed delivery id
 * whose payload (read again here) names the service's branch and exactly the commit started; a
 * redelivery starts nothing; and a well-formed signed push to the branch does start that commit.
 * Separately, the signature check itself: a signature over the body with the secret verifies,
 * and one changed byte of body, signature or secret does not.
 */
class WebhookFuzzTest {
  /** The header forms the providers document, compared case-insensitively, blanks around allowed (trim). */
  private static final Pattern GITHUB_HEADER = Pattern.compile("[\\x00-\\x20]*(?i:sha256=)[0-9a-fA-F]{64}[\\x00-\\x20]*");
  private static final Pattern GITEA_HEADER = Pattern.compile("[\\x00-\\x20]*[0-9a-fA-F]{64}[\\x00-\\x20]*");
  private static final Pattern DELIVERY_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
  private static final Set<ProblemCode> REFUSALS =
      Set.of(ProblemCode.INVALID_SIGNATURE, ProblemCode.INVALID_WEBHOOK,
          // What the body filter answers any JSON body with a key twice or a NUL; a form's payload gets the same.
          ProblemCode.DUPLICATE_JSON_KEY, ProblemCode.CONTROL_CHARACTER);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long INSTALLATION = 7;

  @FuzzTest
  void deliveriesGetAnAnswerAndDeployOnlyAVerifiedPushOnce(FuzzedDataProvider data) {
    WebhookProvider provider = data.pickValue(WebhookProvider.values());
    String secret = data.consumeString(64);
    Optional<String> appSecret = data.consumeBoolean() ? Optional.of(data.consumeString(64)) : Optional.empty();
    String branch = data.consumeBoolean() ? "main" : data.consumeString(20);
    String rootDir = data.pickValue(List.of("", "apps/web"));
    Long installationId = data.consumeBoolean() ? INSTALLATION : null;
    String event = data.consumeBoolean() ? "push" : data.consumeString(12);
    String deliveryId = data.consumeBoolean() ? UUID.randomUUID().toString() : data.consumeString(40);
    String contentType =
        data.pickValue(List.of("application/json", "application/x-www-form-urlencoded", "", "text/plain; x"));

    Push push = null;
    String json;
    if (data.consumeBoolean()) {
      push = new Push(
          data.consumeBoolean() ? "refs/heads/" + branch : data.consumeString(30),
          data.consumeBoolean() ? hex(data.consumeBytes(20), 20) : data.consumeString(64),
          data.consumeBoolean(),
          List.of(data.consumeString(30), data.consumeString(30)));
      json = push.json(installationId);
    } else {
      json = data.consumeString(2000);
    }
    boolean form = contentType.startsWith("application/x-www-form-urlencoded");
    byte[] body = (form && data.consumeBoolean() ? "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8) : json)
        .getBytes(StandardCharsets.UTF_8);

    int signer = data.consumeInt(0, 2);
    String header = switch (signer) {
      case 0 -> spelled(provider, hmac(secret, body), data);
      case 1 -> spelled(provider, hmac(appSecret.orElse(""), body), data);
      default -> data.consumeRemainingAsString();
    };

    Fakes fakes = new Fakes(branch, rootDir, installationId, secret);
    WebhookOperations operations =
        new WebhookOperations(fakes.repository, fakes.secrets, fakes.deployments, fakes.audit, JSON, config(appSecret));
    WebhookDelivery delivery = new WebhookDelivery(provider, event, deliveryId, header, contentType.isEmpty() ? null : contentType, body);

    Outcome outcome = receive(operations, delivery);
    Optional<WebhookAnswer> answer = Optional.ofNullable(outcome.answer());

    boolean wellFormed = (provider == WebhookProvider.GITHUB ? GITHUB_HEADER : GITEA_HEADER).matcher(header).matches();
    if (!wellFormed) {
      assertThat(answer).as("malformed header %s answered", header).isEmpty();
      assertThat(outcome.refused()).isEqualTo(ProblemCode.INVALID_SIGNATURE);
      assertThat(fakes.lookups).as("lookups before the header is read").isZero();
      return;
    }
    byte[] signature = HexFormat.of().parseHex(header.trim().substring(header.trim().length() - 64));
    boolean byService = !secret.isEmpty() && java.util.Arrays.equals(signature, hmacBytes(secret, body));
    boolean byApp = provider == WebhookProvider.GITHUB && appSecret.filter(s -> !s.isBlank()).isPresent()
        && java.util.Arrays.equals(signature, hmacBytes(appSecret.get(), body));
    if (!byService && !byApp) {
      assertThat(answer).as("a body no secret signed is answered").isEmpty();
      assertThat(fakes.claimed).as("claimed without a signature").isEmpty();
      assertThat(fakes.started).as("started without a signature").isEmpty();
      return;
    }
    if (answer.isEmpty()) {
      return;
    }
    if (!fakes.started.isEmpty()) {
      assertThat(fakes.started).hasSize(1);
      assertThat(event).isEqualTo("push");
      assertThat(DELIVERY_ID.matcher(deliveryId).matches()).as("delivery id %s", deliveryId).isTrue();
      JsonNode payload = readAgain(body, form);
      assertThat(payload.path("ref").asText()).isEqualTo("refs/heads/" + branch);
      assertThat(payload.path("deleted").asBoolean(false)).isFalse();
      String after = payload.path("after").asText();
      assertThat(COMMIT.matcher(after).matches()).as("after %s", after).isTrue();
      assertThat(fakes.started.getFirst()).isEqualTo(after.toLowerCase(java.util.Locale.ROOT));
      if (!byService) {
        assertThat(installationId).as("the App speaks only for its installation").isEqualTo(INSTALLATION);
        assertThat(payload.path("installation").path("id").asLong()).isEqualTo(INSTALLATION);
      }
      assertThat(answer.get().deploymentIds()).hasSize(1);
    } else {
      assertThat(answer.get()).isEqualTo(WebhookAnswer.IGNORED);
    }
    if (push != null && byService && !form && "push".equals(event) && DELIVERY_ID.matcher(deliveryId).matches()
        && push.ref.equals("refs/heads/" + branch) && COMMIT.matcher(push.after).matches()
        && !push.after.chars().allMatch(c -> c == '0') && !push.deleted && rootDir.isEmpty() && push.noNul()) {
      assertThat(fakes.started).as("a signed push to %s", branch).containsExactly(push.after.toLowerCase(java.util.Locale.ROOT));
    }

    int before = fakes.started.size();
    assertThat(receive(operations, delivery).answer()).as("the redelivery").isEqualTo(WebhookAnswer.IGNORED);
    assertThat(fakes.started).as("started again by a redelivery").hasSize(before);
  }

  @FuzzTest
  void aSignatureVerifiesOnlyItsBodyWithItsSecret(FuzzedDataProvider data) {
    String secret = data.consumeString(100);
    int flip = data.consumeInt(0, 3);
    byte[] body = data.consumeRemainingAsBytes();
    byte[] good = hmacBytes(secret, body);
    assertThat(WebhookSignature.verifies(secret, body, good)).as("own signature").isEqualTo(!secret.isEmpty());
    switch (flip) {
      case 0 -> {
        if (body.length > 0) {
          byte[] changed = body.clone();
          changed[changed.length / 2] ^= 1;
          assertThat(WebhookSignature.verifies(secret, changed, good)).as("changed body").isFalse();
        }
        assertThat(WebhookSignature.verifies(secret, java.util.Arrays.copyOf(body, body.length + 1), good))
            .as("longer body").isFalse();
      }
      case 1 -> {
        byte[] changed = good.clone();
        changed[body.length % changed.length] ^= (byte) 0x80;
        assertThat(WebhookSignature.verifies(secret, body, changed)).as("changed signature").isFalse();
        assertThat(WebhookSignature.verifies(secret, body, java.util.Arrays.copyOf(good, 31))).as("short signature").isFalse();
      }
      case 2 -> assertThat(WebhookSignature.verifies(secret + "x", body, good)).as("longer secret").isFalse();
      default -> {
        // Both providers' headers carry the signature as hex; either spelling parses to the bytes.
        String hex = HexFormat.of().formatHex(good);
        assertThat(WebhookProvider.GITHUB.signature(" SHA256=" + hex.toUpperCase(java.util.Locale.ROOT) + "\t"))
            .isEqualTo(good);
        assertThat(WebhookProvider.GITEA.signature(hex)).isEqualTo(good);
      }
    }
  }

  /** An answer, or the code of a defined refusal; any other exception fails the input. */
  private record Outcome(WebhookAnswer answer, ProblemCode refused) {}

  private static Outcome receive(WebhookOperations operations, WebhookDelivery delivery) {
    try {
      return new Outcome(operations.receive(delivery), null);
    } catch (ApiProblem problem) {
      assertThat(problem.code()).as("refusal of %s: %s", delivery, problem.getMessage()).isIn(REFUSALS);
      return new Outcome(null, problem.code());
    }
  }

  /** The signature header as a host could spell it: prefix case, hex case, blanks around. */
  private static String spelled(WebhookProvider provider, String hex, FuzzedDataProvider data) {
    String prefix = provider == WebhookProvider.GITHUB ? (data.consumeBoolean() ? "sha256=" : "SHA256=") : "";
    String value = prefix + (data.consumeBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
    return data.consumeBoolean() ? " " + value + " " : value;
  }

  private static JsonNode readAgain(byte[] body, boolean form) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (form) {
      for (String pair : text.split("&")) {
        if (pair.startsWith("payload=")) {
          text = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
          break;
        }
      }
    }
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("deployed from a body that is no JSON: " + text, e);
    }
  }

  private static String hex(byte[] bytes, int length) {
    return HexFormat.of().formatHex(java.util.Arrays.copyOf(bytes, length));
  }

  private static String hmac(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmacBytes(secret, body));
  }

  private static byte[] hmacBytes(String secret, byte[] body) {
    if (secret.isEmpty()) {
      return new byte[32]; // no key: any 32 bytes, which no empty secret may verify
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiConfig config(Optional<String> appSecret) {
    ApiConfig.Github github = () -> appSecret;
    return (ApiConfig) Proxy.newProxyInstance(
        ApiConfig.class.getClassLoader(), new Class<?>[] {ApiConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("github")) {
            return github;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  /** A push payload built from fuzzed parts, so that most of them are well-formed JSON. */
  private record Push(String ref, String after, boolean deleted, List<String> files) {
    String json(Long installationId) {
      ObjectNode root = JSON.createObjectNode();
      root.put("ref", ref);
      root.put("after", after);
      if (deleted) {
        root.put("deleted", true);
      }
      if (installationId != null) {
        root.putObject("installation").put("id", installationId);
      }
      root.putObject("repository").put("clone_url", "https://git.example/org/app.git");
      var commit = root.putArray("commits").addObject();
      commit.putArray("added").add(files.get(0));
      commit.putArray("modified").add(files.get(1));
      return root.toString();
    }

    boolean noNul() {
      return (ref + after + String.join("", files)).indexOf('\0') < 0;
    }
  }

  /** The database, the cipher and the deploy start, in memory. */
  private static final class Fakes {
    final List<String> started = new ArrayList<>();
    final Set<String> claimed = new HashSet<>();
    int lookups;
    final WebhookRepository repository;
    final WebhookSecrets secrets;
    final DeploymentOperations deployments;
    final AuditLog audit;

    Fakes(String branch, String rootDir, Long installationId, String secret) {
      WebhookTarget target = new WebhookTarget(
          UUID.randomUUID(), UUID.randomUUID(), "t", "app", "https://git.example/org/app", branch, rootDir,
          List.of(), installationId, secret.isEmpty() ? null : new byte[] {1});
      repository = new WebhookRepository(null) {
        @Override
        List<WebhookTarget> byRepoKeys(Collection<String> keys) {
          lookups++;
          return keys.isEmpty() ? List.of() : List.of(target);
        }

        @Override
        boolean claim(WebhookProvider provider, String id) {
          return claimed.add(provider + " " + id);
        }

        @Override
        void release(WebhookProvider provider, String id) {
          claimed.remove(provider + " " + id);
        }
      };
      secrets = new WebhookSecrets(null) {
        @Override
        Optional<String> open(WebhookTarget t) {
          return t.secretCipher() == null ? Optional.empty() : Optional.of(secret);
        }
      };
      deployments = new DeploymentOperations(null, null, null, null, null, null, null, null) {
        @Override
        public UUID start(DeployTarget t, DeployEnvironment environment, String ref, DeployTrigger trigger) {
          assertThat(trigger).isEqualTo(DeployTrigger.WEBHOOK);
          started.add(ref);
          return UUID.randomUUID();
        }
      };
      audit = new AuditLog(null) {
        @Override
        public void write(AuditEntry entry) {}
      };
    }
  }
}
