package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildRequestTest {
  private static final Path CONTEXT = Path.of("/work/ctx");
  private static final ImageExport MOBY = new ImageExport.MobyExport(List.of("127.0.0.1:5000/dp-t-p/web:abc123"));

  @Test
  void defaultsToTheDockerfileInTheContext() {
    BuildRequest request = BuildRequest.builder(CONTEXT, MOBY).build();

    assertThat(request.dockerfileDir()).isEqualTo(CONTEXT);
    assertThat(request.dockerfileName()).isEqualTo("Dockerfile");
    assertThat(request.buildArgs()).isEmpty();
    assertThat(request.cacheImports()).isEmpty();
  }

  @Test
  void toStringNamesSecretIdsButNeverValues() {
    BuildRequest request = BuildRequest.builder(CONTEXT, MOBY).secret("npm_token", "v4lue-xyz".getBytes(StandardCharsets.UTF_8)).build();

    assertThat(request.toString()).contains("npm_token").doesNotContain("v4lue-xyz");
  }

  @Test
  void keepsItsOwnCopyOfSecretValues() {
    byte[] value = "abcd".getBytes(StandardCharsets.UTF_8);
    BuildRequest request = BuildRequest.builder(CONTEXT, MOBY).secret("s", value).build();
    value[0] = 'X';

    assertThat(new String(request.secrets().get("s"), StandardCharsets.UTF_8)).isEqualTo("abcd");
  }

  @Test
  void refusesBadValuesNamingTheFieldAndNotTheSecret() {
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, MOBY).dockerfile(CONTEXT, "../outside/Dockerfile").build())
        .hasMessageContaining("dockerfileName");
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, MOBY).buildArg("1BAD", "x").build())
        .hasMessageContaining("build arg name '1BAD'");
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, MOBY).secret("has space", "pa55word".getBytes()).build())
        .hasMessageContaining("secret id 'has space'").hasMessageNotContaining("pa55word");
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, MOBY).frontendAttr("build-arg:X", "1").build())
        .hasMessageContaining("buildArgs");
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, null).build()).hasMessageContaining("export is required");
    assertThatThrownBy(() -> new ImageExport.MobyExport(List.of())).hasMessageContaining("at least one image name");
    assertThatThrownBy(() -> new ImageExport.RegistryExport("Not A Ref", true, false)).hasMessageContaining("not an image reference");
    assertThat(
            new ImageExport.RegistryExport(List.of("reg:5000/t/web:abc", "reg:5000/t/web:abc-cfg"), true, false)
                .exporterAttrs())
        .containsEntry("name", "reg:5000/t/web:abc,reg:5000/t/web:abc-cfg")
        .containsEntry("push", "true");
  }

  @Test
  void registryCacheExportIsOnlyForAStandaloneBuildkitd() {
    assertThatThrownBy(() -> BuildRequest.builder(CONTEXT, MOBY).cacheExport("127.0.0.1:5000/cache/web:latest").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("built-in BuildKit cannot export registry cache");

    BuildRequest request = BuildRequest.builder(CONTEXT, new ImageExport.RegistryExport("127.0.0.1:5000/t/web:abc", true, true))
        .cacheExport("127.0.0.1:5000/cache/web:latest").build();
    assertThat(request.cacheExport()).isEqualTo("127.0.0.1:5000/cache/web:latest");
  }
}
