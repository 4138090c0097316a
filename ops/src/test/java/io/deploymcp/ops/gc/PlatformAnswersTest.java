package io.deploymcp.ops.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform's answers are read strictly: what the contract does not allow is refused, named. */
class PlatformAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String RUN = "\"run_id\":\"7d0c6a36-3f39-4b7e-9a53-2b6b2f7f0a11\",\"expires_at\":\"2030-01-01T04:30:00Z\",\"keep_last\":2";

  @Test
  void readsARunAsTheContractWritesIt() throws Exception {
    GcRun run = PlatformAnswers.run(json("{" + RUN + ",\"repositories\":[{\"repository\":\"dp-acme-shop/web\","
        + "\"service_exists\":true,\"busy\":true,\"keep\":[{\"digest\":\"" + D1 + "\",\"reasons\":[\"live_production\",\"recent\"]}],"
        + "\"known\":[\"" + D1 + "\",\"" + D2 + "\"]}]}"), false);

    assertThat(run.runId()).isPresent();
    assertThat(run.keepLast()).isEqualTo(2);
    RepositoryPolicy web = run.policy("dp-acme-shop/web").orElseThrow();
    assertThat(web.busy()).isTrue();
    assertThat(web.keep()).containsEntry(D1, List.of("live_production", "recent"));
    assertThat(web.known()).containsExactlyInAnyOrder(D1, D2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      no run id                  | "run_id":null,"expires_at":"2030-01-01T00:00:00Z","keep_last":2,"repositories":[]                | run_id is missing or null
      run id not a UUID          | "run_id":"run-1","expires_at":"2030-01-01T00:00:00Z","keep_last":2,"repositories":[]              | run_id 'run-1' is not a UUID
      no expiry                  | "run_id":"7d0c6a36-3f39-4b7e-9a53-2b6b2f7f0a11","keep_last":2,"repositories":[]                    | expires_at is missing
      no repositories            | RUN                                                                                                 | repositories is missing or not a list
      a host in the repository   | RUN,"repositories":[{"repository":"10.0.1.10:5000/dp-a-b/web","service_exists":true,"busy":false,"keep":[],"known":[]}] | is not a service repository
      a repository outside dp-*  | RUN,"repositories":[{"repository":"deploy-mcp/api","service_exists":true,"busy":false,"keep":[],"known":[]}] | 'deploy-mcp/api' is not a service repository
      listed twice               | RUN,"repositories":[{"repository":"dp-a-b/web","service_exists":true,"busy":false,"keep":[],"known":[]},{"repository":"dp-a-b/web","service_exists":true,"busy":false,"keep":[],"known":[]}] | listed twice
      busy missing               | RUN,"repositories":[{"repository":"dp-a-b/web","service_exists":true,"keep":[],"known":[]}]       | busy is missing or not true/false
      keep without reason        | RUN,"repositories":[{"repository":"dp-a-b/web","service_exists":true,"busy":false,"keep":[{"digest":"D1","reasons":[]}],"known":[]}] | kept without a reason
      deleted service keeps      | RUN,"repositories":[{"repository":"dp-a-b/web","service_exists":false,"busy":false,"keep":[{"digest":"D1","reasons":["recent"]}],"known":[]}] | a deleted service
      known not a digest         | RUN,"repositories":[{"repository":"dp-a-b/web","service_exists":true,"busy":false,"keep":[],"known":["sha512:abc"]}] | 'sha512:abc' is not a sha256 digest
      """)
  void refusesARunOutsideTheContract(String what, String fields, String message) {
    String body = "{" + fields.replace("RUN", RUN).replace("D1", D1) + "}";

    assertThatThrownBy(() -> PlatformAnswers.run(json(body), false)).as(what).hasMessageContaining(message);
  }

  @Test
  void aDryRunMustNotOpenARun() {
    assertThatThrownBy(() -> PlatformAnswers.run(json("{" + RUN + ",\"repositories\":[]}"), true))
        .hasMessageContaining("a dry run came back with run_id");
  }

  @Test
  void aClaimAnswerMustSpeakOfExactlyTheClaimedDigests() throws Exception {
    ImageDigest one = new ImageDigest("dp-a-b/web", D1);
    ImageDigest two = new ImageDigest("dp-a-b/web", D2);
    String granted = "{\"repository\":\"dp-a-b/web\",\"digest\":\"" + D1 + "\"}";
    String refused = "{\"repository\":\"dp-a-b/web\",\"digest\":\"" + D2 + "\",\"reason\":\"not_terminal\"}";

    ClaimResult result = PlatformAnswers.claims(json("{\"granted\":[" + granted + "],\"refused\":[" + refused + "]}"), List.of(one, two));
    assertThat(result.granted()).containsExactly(one);
    assertThat(result.refused()).containsExactly(new ClaimResult.Refusal(two, "not_terminal"));

    assertThatThrownBy(() -> PlatformAnswers.claims(json("{\"granted\":[" + granted + "],\"refused\":[]}"), List.of(one, two)))
        .hasMessageContaining("says nothing about 1 claimed digest(s)");
    assertThatThrownBy(() -> PlatformAnswers.claims(json("{\"granted\":[" + granted + "," + granted + "],\"refused\":[]}"), List.of(one)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> PlatformAnswers.claims(json("{\"granted\":[" + granted + "],\"refused\":[" + refused + "]}"), List.of(one)))
        .hasMessageContaining("which was not claimed");
    assertThatThrownBy(() -> PlatformAnswers.claims(json("{\"granted\":[" + granted + "]}"), List.of(one)))
        .hasMessageContaining("refused is missing");
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
