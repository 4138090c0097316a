package io.deploymcp.api.audit;

import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.paging.Limit;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
  private final AuditRepository audit;
  private final CallerContext caller;

  public AuditResource(AuditRepository audit, CallerContext caller) {
    this.audit = audit;
    this.caller = caller;
  }

  @GET
  @RequiresScope(Scope.ADMIN)
  @Operation(summary = "The tenant's audit log, newest first", description = "Every mutating call with its outcome; env values appear as ***.")
  public Page<AuditEntryView> list(@RestQuery String cursor, @RestQuery String limit) {
    // The log covers the whole tenant: a key restricted to some services does not read it.
    caller.get().restriction().requireUnrestricted("Reading the audit log");
    return audit.list(caller.get().tenantId(), PageRequest.of(Limit.parse(limit), cursor, 1));
  }
}
