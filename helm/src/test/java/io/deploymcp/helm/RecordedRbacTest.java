package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kube.access.ClusterPermissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's ClusterRoles against what the platform really called: every authorization the
 * Kubernetes stand-in saw from {@code deploy-mcp-worker/…} or {@code deploy-mcp-api/…} during the
 * kube, worker and api suites (each distinct (verb, group, resource, subresource), mapped from
 * HTTP as the API server maps it, with the extra create check of an apply that creates). Nothing
 * the code called may be missing from the grant, and nothing granted may go unused.
 *
 * <p>Needs kube/, worker/ and api/ {@code target/cluster-records/kube-requests.jsonl} (see
 * {@link Records}); a {@code clean} empties them, and a record from an older build of the code
 * stays until then.
 */
class RecordedRbacTest {
  private static final String FILE = "kube-requests.jsonl";
  private final Chart.Rendered rendered = Chart.deployMcp().production().render();

  @ParameterizedTest
  @EnumSource(ClusterComponent.class)
  void nothingTheCodeCalledIsMissingFromTheGrant(ClusterComponent component) {
    Map<String, Path> files = files(false);
    Set<String> granted = RenderedRbac.grants(RenderedRbac.role(rendered, component));

    Recorded recorded = recorded(files, component);

    assertThat(recorded.nonResource).as("non-resource requests of %s (discovery needs no grant here)", component).isEmpty();
    assertThat(recorded.grants).as("%s called, recorded in %s", component, files.keySet()).isNotEmpty();
    assertThat(granted).as("ClusterRole %s must grant everything %s called", RenderedRbac.roleName(component), component)
        .containsAll(recorded.grants);
  }

  @ParameterizedTest
  @EnumSource(ClusterComponent.class)
  void nothingGrantedWentUnused(ClusterComponent component) {
    Map<String, Path> files = files(true);
    Set<String> granted = RenderedRbac.grants(RenderedRbac.role(rendered, component));

    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(recorded(files, component).grants);

    assertThat(unused).as("granted to %s but never called by the kube, worker and api suites", component).isEmpty();
    assertThat(granted).isEqualTo(ClusterPermissions.of(component).grants());
  }

  /** The record files; all three for the unused check, at least one otherwise. */
  private static Map<String, Path> files(boolean all) {
    Map<String, Path> files = Records.existing(FILE);
    List<String> missing = new ArrayList<>(Records.MODULES);
    missing.removeAll(files.keySet());
    boolean enough = all ? missing.isEmpty() : !files.isEmpty();
    if (!enough) {
      String message = Records.howToMake(FILE, missing);
      if (Records.required()) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return files;
  }

  private record Recorded(Set<String> grants, Set<String> nonResource) {}

  private static Recorded recorded(Map<String, Path> files, ClusterComponent component) {
    Set<String> grants = new TreeSet<>();
    Set<String> nonResource = new TreeSet<>();
    for (Path file : files.values()) {
      for (Map<String, Object> line : Records.lines(file)) {
        String userAgent = String.valueOf(line.get("userAgent"));
        if (ClusterComponent.ofUserAgent(userAgent).filter(component::equals).isEmpty()) {
          continue;
        }
        if (line.containsKey("nonResourcePath")) {
          nonResource.add(line.get("verb") + " " + line.get("nonResourcePath"));
          continue;
        }
        String subresource = String.valueOf(line.get("subresource"));
        String resource = line.get("resource") + (subresource.isEmpty() ? "" : "/" + subresource);
        grants.add(ClusterPermissions.grant(String.valueOf(line.get("apiGroup")), resource, String.valueOf(line.get("verb"))));
      }
    }
    return new Recorded(grants, nonResource);
  }
}
