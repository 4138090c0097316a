package io.deploymcp.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pure parts of webhook handling, table by table. */
class WebhookPartsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://github.com/org/app, github.com/org/app",
    "https://github.com/org/app.git, github.com/org/app",
    "https://GitHub.com/Org/App.git/, github.com/org/app",
    "https://github.com/org/app///, github.com/org/app",
    "http://127.0.0.1:3000/org/app.git, 127.0.0.1:3000/org/app",
    "file:///srv/git/app.git, /srv/git/app",
    "https://gitea.example.com/org/app.github.io, gitea.example.com/org/app.github.io",
  })
  void repoKeyDropsSchemeSuffixAndCase(String url, String key) {
    assertThat(RepoKey.of(url)).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "GITHUB, sha256=0000000000000000000000000000000000000000000000000000000000000000, true",
    "GITHUB, SHA256=00000000000000000000000000000000000000000000000000000000000000AB, true",
    "GITHUB, 0000000000000000000000000000000000000000000000000000000000000000, false",
    "GITHUB, sha1=0000000000000000000000000000000000000000, false",
    "GITHUB, sha256=00, false",
    "GITHUB, sha256=zz00000000000000000000000000000000000000000000000000000000000000, false",
    "GITEA, 0000000000000000000000000000000000000000000000000000000000000000, true",
    "GITEA, sha256=0000000000000000000000000000000000000000000000000000000000000000, false",
  })
  void signatureHeaderFormats(WebhookProvider provider, String header, boolean wellFormed) {
    assertThat(provider.signature(header) != null).isEqualTo(wellFormed);
  }

  @Test
  void missingSignatureHeaderIsMalformed() {
    assertThat(WebhookProvider.GITHUB.signature(null)).isNull();
  }

  @Test
  void hmacVerifiesOnlyTheExactBodyAndSecret() {
    byte[] body = "{\"a\":1}".getBytes();
    byte[] good = WebhookProvider.GITEA.signature(io.deploymcp.api.support.Hooks.hmac("s3cret-s3cret", "{\"a\":1}"));
    assertThat(WebhookSignature.verifies("s3cret-s3cret", body, good)).isTrue();
    assertThat(WebhookSignature.verifies("s3cret-s3creT", body, good)).isFalse();
    assertThat(WebhookSignature.verifies("s3cret-s3cret", "{\"a\":2}".getBytes(), good)).isFalse();
    assertThat(WebhookSignature.verifies("", body, good)).isFalse();
  }

  @Test
  void pushCollectsEveryChangedFileOfEveryCommit() throws Exception {
    String after = "ABCDEF0123456789abcdef0123456789abcdef01";
    var payload = new ObjectMapper().readTree(
        "{\"ref\": \"refs/heads/release/1.x\", \"after\": \"" + after + "\", \"installation\": {\"id\": 99},"
            + " \"repository\": {\"clone_url\": \"https://h/o/r.git\", \"html_url\": \"https://h/o/r\"},"
            + " \"commits\": [{\"added\": [\"a\"], \"modified\": [\"b\"], \"removed\": []},"
            + " {\"added\": [], \"modified\": [\"b\", 7], \"removed\": [\"c\"]}]}");
    PushEvent push = PushEvent.parse(payload).orElseThrow();
    assertThat(push.branch()).isEqualTo("release/1.x");
    assertThat(push.after()).isEqualTo(after.toLowerCase());
    assertThat(push.installationId()).isEqualTo(99L);
    assertThat(push.changedFiles()).containsExactly("a", "b", "c");
    assertThat(push.repoUrls()).containsExactly("https://h/o/r.git", "https://h/o/r");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "tag | {\"ref\": \"refs/tags/v1\", \"after\": \"0123456789abcdef0123456789abcdef01234567\"}",
    "deleted | {\"ref\": \"refs/heads/main\", \"deleted\": true, \"after\": \"0123456789abcdef0123456789abcdef01234567\"}",
    "zero after | {\"ref\": \"refs/heads/main\", \"after\": \"0000000000000000000000000000000000000000\"}",
    "short after | {\"ref\": \"refs/heads/main\", \"after\": \"0123456\"}",
    "no after | {\"ref\": \"refs/heads/main\"}",
    "no ref | {\"after\": \"0123456789abcdef0123456789abcdef01234567\"}",
  })
  void pushesThatDeployNothing(String label, String json) throws Exception {
    assertThat(PushEvent.parse(new ObjectMapper().readTree(json))).isEmpty();
  }

  @Test
  void rootDirAndWatchPathsDecideWhetherAPushTouchesAService() {
    WebhookTarget root = target("", List.of());
    WebhookTarget web = target("apps/web", List.of("libs/common", "package-lock.json"));
    assertThat(root.touchedBy(Set.of())).as("the root holds every file").isTrue();
    assertThat(web.touchedBy(Set.of("apps/web/src/x.ts"))).isTrue();
    assertThat(web.touchedBy(Set.of("apps/web"))).isTrue();
    assertThat(web.touchedBy(Set.of("libs/common/a.ts"))).isTrue();
    assertThat(web.touchedBy(Set.of("package-lock.json"))).isTrue();
    assertThat(web.touchedBy(Set.of("apps/webapp/x.ts", "libs/commons/a.ts", "docs/a.md"))).isFalse();
    assertThat(web.touchedBy(Set.of())).isFalse();
  }

  private static WebhookTarget target(String rootDir, List<String> watchPaths) {
    return new WebhookTarget(UUID.randomUUID(), UUID.randomUUID(), "t", "s", "https://h/o/r", "main", rootDir, watchPaths, null, null);
  }
}
