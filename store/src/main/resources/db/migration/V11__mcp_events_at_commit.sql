-- Issue 13 §3 (docs/benchmarks.md §(m)): V6's triggers append each change's MCP events under the
-- session row's lock, taken when the row changes and held until the commit. A create locked the
-- session rows of its whole tenant (resources/list_changed) at its services insert and kept them
-- through its remaining statements, each a round trip to a busy API, and its commit: a tenant's
-- creates queued one after another, each holding a pooled connection while it waited, until the
-- API's reads found the pool empty. As constraint triggers deferred to the commit, the same
-- events are appended (same function, same rows, same order by session id) at the end of the
-- transaction, so the lock is held for the commit only; numbers still follow commit order.
drop trigger services_mcp_events on services;
drop trigger deployments_mcp_events on deployments;
drop trigger env_vars_mcp_events on env_vars;
drop trigger service_environments_mcp_events on service_environments;

create constraint trigger services_mcp_events after insert or update or delete on services
    deferrable initially deferred for each row execute function dp_mcp_service_events();
create constraint trigger deployments_mcp_events after insert or update or delete on deployments
    deferrable initially deferred for each row execute function dp_mcp_service_events();
create constraint trigger env_vars_mcp_events after insert or update or delete on env_vars
    deferrable initially deferred for each row execute function dp_mcp_service_events();
create constraint trigger service_environments_mcp_events after insert or update or delete on service_environments
    deferrable initially deferred for each row execute function dp_mcp_service_events();
