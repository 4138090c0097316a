package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildpacks.DockerfileSources.Kind;
import io.deploymcp.buildpacks.DockerfileSources.RemoteSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What BuildKit would fetch for a Dockerfile, in the forms a customer's Dockerfile can take. */
class DockerfileSourcesTest {

  private static List<String> sources(String dockerfile) {
    return sources(dockerfile, Map.of());
  }

  private static List<String> sources(String dockerfile, Map<String, String> buildArgs) {
    return DockerfileSources.of(dockerfile, buildArgs).stream()
        .map(s -> s.line() + " " + s.kind() + " " + s.reference())
        .toList();
  }

  @Test
  void imagesOfFromCopyAndMountButNotStagesScratchOrIndexes() {
    String dockerfile = """
        FROM --platform=linux/amd64 golang:1.23 AS build
        RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=10.0.0.5:5000/tools,target=/t make
        FROM scratch
        COPY --from=build /app /app
        COPY --from=0 /etc/ssl /etc/ssl
        COPY --from=registry.example.com/certs:1 /certs /certs
        FROM build
        """;

    assertThat(sources(dockerfile)).containsExactly(
        "1 IMAGE golang:1.23",
        "2 IMAGE 10.0.0.5:5000/tools",
        "6 IMAGE registry.example.com/certs:1");
  }

  @Test
  void addUrlsAndGitRemotesButNotLocalFilesOrCopy() {
    String dockerfile = """
        FROM base
        ADD --checksum=sha256:abc https://example.com/a.tgz local.txt /opt/
        ADD ["http://169.254.169.254/latest/meta-data/", "/meta"]
        ADD git@github.com:acme/tools.git /tools
        ADD ssh://git@10.1.2.3/repo.git /repo
        COPY http://not-fetched.example/ /copy-only-copies-local-files
        ADD HTTP://UPPER.example/x /x
        """;

    assertThat(sources(dockerfile)).containsExactly(
        "1 IMAGE base",
        "2 URL https://example.com/a.tgz",
        "3 URL http://169.254.169.254/latest/meta-data/",
        "4 URL git@github.com:acme/tools.git",
        "5 URL ssh://git@10.1.2.3/repo.git",
        "7 URL HTTP://UPPER.example/x");
  }

  @Test
  void theJsonFormAfterAQuotedFlagIsReadAsJson() {
    // BuildKit reads quoted flags as flags; the text after them is still the JSON form.
    String dockerfile = """
        FROM base
        ADD "--chown=1:1" ["http://10.0.0.1/x", "/x"]
        COPY '--from=registry.example.com/certs:1' ["/certs", "/certs"]
        """;

    assertThat(sources(dockerfile)).containsExactly(
        "1 IMAGE base", "2 URL http://10.0.0.1/x", "3 IMAGE registry.example.com/certs:1");
  }

  @Test
  void theSyntaxDirectiveOnlyAtTheTop() {
    assertThat(sources("# syntax=evil.example/frontend:1\nFROM base\n"))
        .containsExactly("1 FRONTEND_IMAGE evil.example/frontend:1", "2 IMAGE base");
    // After an instruction (or any plain comment) it is a comment like any other.
    assertThat(sources("# a comment\n# syntax=evil.example/frontend:1\nFROM base\n"))
        .containsExactly("3 IMAGE base");
  }

  @Test
  void continuationsAndCommentsInsideThemWithEitherEscapeCharacter() {
    String backslash = "FROM base\nADD \\\n  # a comment line inside the instruction\n  http://10.0.0.1/x \\\n  /x\n";
    String backtick = "# escape=`\nFROM base\nADD `\n  http://10.0.0.2/x `\n  /x\n";

    assertThat(sources(backslash)).containsExactly("1 IMAGE base", "2 URL http://10.0.0.1/x");
    assertThat(sources(backtick)).containsExactly("2 IMAGE base", "3 URL http://10.0.0.2/x");
  }

  @Test
  void heredocBodiesAreFileContentsNotInstructions() {
    String dockerfile = """
        FROM base
        COPY <<EOF /etc/notes
        ADD http://10.0.0.1/inside-a-file /x
        from .models import thing
        EOF
        RUN <<-'SCRIPT'
        \tADD http://10.0.0.2/also-inside /y
        \tSCRIPT
        ADD http://10.0.0.3/after /z
        """;

    assertThat(sources(dockerfile)).containsExactly("1 IMAGE base", "9 URL http://10.0.0.3/after");
  }

  @Test
  void variablesExpandFromArgDefaultsBuildArgsAndEnvUnknownOnesToNothing() {
    String dockerfile = """
        ARG REGISTRY=registry.example.com
        ARG TAG
        FROM ${REGISTRY}/app:${TAG:-latest}
        ENV HOST=169.254.169.254
        ADD http://$HOST/meta /meta
        ADD http://${UNSET}10.0.0.9/x /x
        ARG SOURCE=http://default.example/
        ADD ${SOURCE}file /file
        """;

    assertThat(sources(dockerfile)).containsExactly(
        "3 IMAGE registry.example.com/app:latest",
        "5 URL http://169.254.169.254/meta",
        "6 URL http://10.0.0.9/x",
        "8 URL http://default.example/file");
    // A build arg overrides a declared ARG's default, as BuildKit applies it.
    assertThat(sources(dockerfile, Map.of("REGISTRY", "10.0.0.5:5000", "SOURCE", "http://100.100.100.200/")))
        .contains("3 IMAGE 10.0.0.5:5000/app:latest", "8 URL http://100.100.100.200/file");
  }

  @Test
  void reportsTheLineTheInstructionStartsOnAndItsText() {
    List<RemoteSource> found = DockerfileSources.of("\n\nFROM base\n", Map.of());

    assertThat(found).containsExactly(new RemoteSource(3, Kind.IMAGE, "base", "FROM base"));
  }

  @Test
  void emptyAndCommentOnlyFilesFetchNothing() {
    assertThat(sources("")).isEmpty();
    assertThat(sources("# just a comment\n\n")).isEmpty();
  }
}
