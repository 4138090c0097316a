-- Issue 6: MCP resources (service://<name>) and key restrictions.
--
-- Whatever changes what get_service shows for a service (its row, its deployments, env vars,
-- the live deployment of an environment) notifies channel dp_service_changed with the
-- service's id, whichever process wrote it (the API, or the worker recording a deployment's
-- progress). Each API process LISTENs and tells the MCP clients subscribed to that service.
-- pg_notify delivers after commit, once per distinct payload per transaction.
create function dp_notify_service_changed() returns trigger
language plpgsql as $$
declare
    changed jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
begin
    -- services rows carry their id; the other tables name the service in service_id.
    perform pg_notify('dp_service_changed', coalesce(changed ->> 'service_id', changed ->> 'id'));
    return null;
end
$$;

create trigger services_changed after insert or update or delete on services
    for each row execute function dp_notify_service_changed();
create trigger deployments_changed after insert or update or delete on deployments
    for each row execute function dp_notify_service_changed();
create trigger env_vars_changed after insert or update or delete on env_vars
    for each row execute function dp_notify_service_changed();
create trigger service_environments_changed after insert or update or delete on service_environments
    for each row execute function dp_notify_service_changed();

-- A key restricted to services names 1-100 of them (api_keys.services and .project exist since V1;
-- null means no restriction).
alter table api_keys
    add constraint api_keys_services_bounded
        check (services is null or cardinality(services) between 1 and 100);
