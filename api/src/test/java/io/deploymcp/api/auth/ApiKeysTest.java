package io.deploymcp.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void generatedKeysHaveTheDocumentedShapeAndDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String key = ApiKeys.generate();
      assertThat(key).matches("dpk_[a-z0-9]{8}_[A-Za-z0-9]{40}");
      assertThat(ApiKeys.prefixOf(key)).isEqualTo(key.substring(0, 12));
      assertThat(seen.add(key)).isTrue();
    }
  }

  @Test
  void foreignKeysGetAFingerprintPrefixThatRevealsNoCharacterOfTheKey() {
    String prefix = ApiKeys.prefixOf("my-own-bootstrap-secret");
    assertThat(prefix).matches("key_[0-9a-f]{8}").doesNotContain("my-own");
    assertThat(ApiKeys.hash("a")).hasSize(32).isNotEqualTo(ApiKeys.hash("b"));
  }

  @Test
  void scopesAreOrdered() {
    assertThat(Scope.ADMIN.grants(Scope.DEPLOY)).isTrue();
    assertThat(Scope.DEPLOY.grants(Scope.READ)).isTrue();
    assertThat(Scope.READ.grants(Scope.DEPLOY)).isFalse();
    assertThat(Scope.DEPLOY.grants(Scope.ADMIN)).isFalse();
  }
}
