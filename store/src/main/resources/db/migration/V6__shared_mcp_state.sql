-- Issue 11: two API replicas behave as one (docs/mcp.md, "Replicas").
--
-- Everything an MCP session needs beyond one request lives here, so any replica can serve any
-- request of any session: the session itself (bound to the API key that opened it), its
-- resource subscriptions and the events its GET stream delivers (numbered per session, so a
-- client resumes with Last-Event-ID on whichever replica it reaches), and the per-key rate
-- limit buckets (one budget per key, not one per replica).

create table mcp_sessions (
    id               text primary key,
    api_key_id       uuid        not null references api_keys (id) on delete cascade,
    tenant_id        uuid        not null references tenants (id) on delete cascade,
    protocol_version text        not null,
    client_name      text        not null,
    client_version   text        not null,
    -- The last event number handed out to this session (see mcp_session_events).
    event_seq        bigint      not null default 0,
    created_at       timestamptz not null default now(),
    last_used_at     timestamptz not null default now()
);
create index mcp_sessions_last_used on mcp_sessions (last_used_at);
create index mcp_sessions_tenant on mcp_sessions (tenant_id);

create table mcp_subscriptions (
    session_id text        not null references mcp_sessions (id) on delete cascade,
    service_id uuid        not null references services (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (session_id, service_id)
);
create index mcp_subscriptions_service on mcp_subscriptions (service_id);

-- Server-to-client notifications of a session's GET stream, numbered 1, 2, 3… per session.
-- The number is taken under the session row's lock, so numbers follow commit order and have no
-- gaps: a stream that sent n has sent everything up to n.
create table mcp_session_events (
    session_id text        not null references mcp_sessions (id) on delete cascade,
    seq        bigint      not null,
    method     text        not null,
    params     jsonb       not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    primary key (session_id, seq)
);
create index mcp_session_events_created on mcp_session_events (created_at);

-- Appends one event to a session's stream and wakes the replica that holds the stream.
create function dp_mcp_session_event(p_session text, p_method text, p_params jsonb) returns void
language plpgsql as $$
declare
    n bigint;
begin
    update mcp_sessions set event_seq = event_seq + 1 where id = p_session returning event_seq into n;
    if n is null then
        return; -- the session ended meanwhile
    end if;
    insert into mcp_session_events (session_id, seq, method, params) values (p_session, n, p_method, p_params);
    perform pg_notify('dp_mcp_session_event', p_session);
end
$$;

-- What V5 notifies as dp_service_changed becomes, in the same transaction, an event for every
-- session subscribed to that service (resources/updated), and a create or delete of a service
-- a resources/list_changed for the sessions of its tenant. Written once by the database,
-- whichever process changed the row, so no replica has to decide who tells whom.
create function dp_mcp_service_events() returns trigger
language plpgsql as $$
declare
    changed jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
    service uuid := coalesce(changed ->> 'service_id', changed ->> 'id')::uuid;
    service_name text;
    service_tenant uuid;
    list_changed boolean := false;
    s record;
begin
    select name, tenant_id into service_name, service_tenant from services where id = service;
    if service_name is null and tg_table_name = 'services' then
        service_name := changed ->> 'name';
        service_tenant := (changed ->> 'tenant_id')::uuid;
    end if;
    if service_name is null then
        return null;
    end if;
    if tg_table_name = 'services' then
        -- A create or delete changes the list; of the updates, only a soft delete (or its undoing).
        list_changed := tg_op <> 'UPDATE';
        if tg_op = 'UPDATE' then
            list_changed := (old.deleted_at is null) <> (new.deleted_at is null);
        end if;
    end if;
    -- One loop in session-id order: each append locks its session row until this transaction
    -- commits, and taking them in one global order keeps two writers from deadlocking.
    for s in
        select session_id, 'notifications/resources/updated' as method,
               jsonb_build_object('uri', 'service://' || service_name) as params
            from mcp_subscriptions where service_id = service
        union all
        select id, 'notifications/resources/list_changed', '{}'::jsonb
            from mcp_sessions where list_changed and tenant_id = service_tenant
        order by 1, 2 desc
    loop
        perform dp_mcp_session_event(s.session_id, s.method, s.params);
    end loop;
    return null;
end
$$;

create trigger services_mcp_events after insert or update or delete on services
    for each row execute function dp_mcp_service_events();
create trigger deployments_mcp_events after insert or update or delete on deployments
    for each row execute function dp_mcp_service_events();
create trigger env_vars_mcp_events after insert or update or delete on env_vars
    for each row execute function dp_mcp_service_events();
create trigger service_environments_mcp_events after insert or update or delete on service_environments
    for each row execute function dp_mcp_service_events();

-- One token bucket per API key for all replicas: capacity p_capacity, refilled at
-- p_per_second. Returns 0 when a token was taken, else the seconds until one is available.
-- The row lock serializes a key's concurrent requests across replicas.
create table rate_limit_buckets (
    api_key_id uuid             primary key references api_keys (id) on delete cascade,
    tokens     double precision not null,
    updated_at timestamptz      not null
);

create function dp_rate_limit_take(p_key uuid, p_capacity double precision, p_per_second double precision)
returns double precision
language plpgsql as $$
declare
    b rate_limit_buckets%rowtype;
    now_ts timestamptz;
    available double precision;
begin
    insert into rate_limit_buckets (api_key_id, tokens, updated_at) values (p_key, p_capacity, clock_timestamp())
        on conflict (api_key_id) do nothing;
    select * into b from rate_limit_buckets where api_key_id = p_key for update;
    now_ts := clock_timestamp(); -- after the lock: time spent waiting for it counts as refill
    available := least(p_capacity,
                       b.tokens + greatest(0, extract(epoch from now_ts - b.updated_at)) * p_per_second);
    if available >= 1 then
        update rate_limit_buckets set tokens = available - 1, updated_at = now_ts where api_key_id = p_key;
        return 0;
    end if;
    update rate_limit_buckets set tokens = available, updated_at = now_ts where api_key_id = p_key;
    return (1 - available) / p_per_second;
end
$$;
