package io.deploymcp.temporal;

import io.deploymcp.workflows.DeploySearchAttributes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link SearchAttributeCheck} found on the namespace.
 *
 * @param added the attributes it registered (operator API allowed)
 * @param missing the attributes that are not there and that it may not register (Temporal Cloud)
 * @param checked false when the server let it neither register nor list them
 */
public record SearchAttributeReport(String namespace, List<String> added, List<String> missing, boolean checked) {

  /** Deploys can set every attribute. */
  public boolean complete() {
    return checked && missing.isEmpty();
  }

  /** What an operator must do, naming each missing attribute and the commands that add it. */
  public String instructions() {
    List<String> names = checked ? missing : DeploySearchAttributes.ALL.stream().map(k -> k.getName()).toList();
    String tcld = names.stream()
        .map(n -> "--search-attribute " + n + "=Keyword")
        .collect(Collectors.joining(" "));
    return "add them as type Keyword with `tcld namespace search-attributes add --namespace " + namespace + " " + tcld
        + "`, in the Temporal Cloud UI (Namespaces > " + namespace + " > Search attributes), or on a self-hosted"
        + " server with `temporal operator search-attribute create --namespace " + namespace + " "
        + names.stream().map(n -> "--name " + n + " --type Keyword").collect(Collectors.joining(" ")) + "`";
  }

  /** One line for the start-up log. */
  public String summary() {
    if (!checked) {
      return "Temporal: could not check the search attributes "
          + DeploySearchAttributes.ALL.stream().map(k -> k.getName()).toList() + " on namespace " + namespace
          + " (the server allows neither registering nor listing them); deploys fail if any is missing: " + instructions();
    }
    if (!missing.isEmpty()) {
      return "Temporal: namespace " + namespace + " lacks the search attributes " + missing
          + " and the platform may not register them there (Temporal Cloud registers them with its own tools): "
          + instructions() + ", then start again";
    }
    return added.isEmpty()
        ? "Temporal: search attributes present on namespace " + namespace
        : "Temporal: registered search attributes " + added + " on namespace " + namespace;
  }
}
