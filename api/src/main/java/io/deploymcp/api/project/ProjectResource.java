package io.deploymcp.api.project;

import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.paging.Items;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "projects")
public class ProjectResource {
  private final ProjectRepository projects;
  private final CallerContext caller;

  public ProjectResource(ProjectRepository projects, CallerContext caller) {
    this.projects = projects;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "List projects", description = "Projects of the caller's tenant with their live service counts; `default` is created on first use.")
  public Items<ProjectView> list() {
    return new Items<>(projects.list(caller.get().tenantId(), caller.get().restriction()));
  }
}
