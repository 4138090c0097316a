package io.deploymcp.kubestandin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The stand-in's apply merge on JSON trees alone: no server, no HTTP. */
class ServerSideApplyTest {

  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final String T1 = "2026-01-01T00:01:00Z";

  private static ObjectNode json(String text) {
    return StoredObjects.parse(text.replace('\'', '"'));
  }

  private static ObjectNode live(String applied, String manager) {
    return ServerSideApply.create(json(applied), manager, T0);
  }

  @Test
  void standInCreateRecordsLeafFieldsAndTreatsListsAsAtomic() {
    ObjectNode created = live("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a','labels':{'x':'1'}},"
        + "'data':{'k':'v'},'list':[{'a':1}],'status':{'ignored':true}}", "m");

    assertThat(created.has("status")).isFalse();
    Ownership entry = Ownership.read(created).getFirst();
    assertThat(entry.manager()).isEqualTo("m");
    assertThat(entry.time()).isEqualTo(T0);
    assertThat(entry.fields().dotted()).containsExactly(".data.k", ".list", ".metadata.labels.x");
    assertThat(created.at("/metadata/managedFields/0/fieldsV1").toString())
        .isEqualTo("{\"f:data\":{\"f:k\":{}},\"f:list\":{},\"f:metadata\":{\"f:labels\":{\"f:x\":{}}}}");
  }

  @Test
  void standInReapplyIsANoOpThatKeepsTheEntryTime() {
    String config = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},'data':{'k':'v'}}";
    ObjectNode live = live(config, "m");

    ServerSideApply.Result result = ServerSideApply.apply(live, json(config), "m", false, T1);

    assertThat(result).isInstanceOfSatisfying(ServerSideApply.Applied.class, applied -> {
      assertThat(applied.changed()).isFalse();
      assertThat(Ownership.read(applied.object()).getFirst().time()).isEqualTo(T0);
    });
  }

  @Test
  void standInDroppedFieldIsRemovedAndEmptyParentsPruned() {
    ObjectNode live = live("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a','annotations':{'n':'1'}},"
        + "'data':{'k':'v','old':'x'}}", "m");

    ServerSideApply.Applied applied = (ServerSideApply.Applied) ServerSideApply.apply(live,
        json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},'data':{'k':'v'}}"), "m", false, T1);

    assertThat(applied.changed()).isTrue();
    assertThat(applied.object().at("/data").toString()).isEqualTo("{\"k\":\"v\"}");
    assertThat(applied.object().at("/metadata").has("annotations")).isFalse();
    assertThat(Ownership.read(applied.object()).getFirst().time()).isEqualTo(T1);
  }

  @Test
  void standInFieldOwnedByAnotherManagerSurvivesWhenDropped() {
    ObjectNode live = live("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},'data':{'k':'v'}}", "m");
    live = ((ServerSideApply.Applied) ServerSideApply.apply(live,
        json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},'data':{'k':'v'}}"), "other", false, T1))
        .object();

    ServerSideApply.Applied applied = (ServerSideApply.Applied) ServerSideApply.apply(live,
        json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'},'data':{}}"), "m", false, T1);

    assertThat(applied.object().at("/data/k").asString()).isEqualTo("v");
  }

  @Test
  void standInChangingAListOwnedByAnotherManagerConflictsOnTheWholeList() {
    ObjectNode live = live("{'apiVersion':'v1','kind':'X','metadata':{'name':'a'},'spec':{'ports':[80]}}", "other");

    ServerSideApply.Result result = ServerSideApply.apply(live,
        json("{'apiVersion':'v1','kind':'X','metadata':{'name':'a'},'spec':{'ports':[80,443]}}"), "m", false, T1);

    assertThat(result).isInstanceOfSatisfying(ServerSideApply.Conflicted.class, c -> assertThat(c.conflicts())
        .containsExactly(new ServerSideApply.FieldConflict("other", List.of("spec", "ports"))));
  }
}
