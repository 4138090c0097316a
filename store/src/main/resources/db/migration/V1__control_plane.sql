-- Control-plane schema. Every row a caller can read carries tenant_id so reads are
-- scoped by a WHERE clause, never by a post-filter.

create table tenants (
    id          uuid primary key,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

-- Only a SHA-256 of the key is stored; prefix is the public, displayable part.
create table api_keys (
    id            uuid primary key,
    tenant_id     uuid not null references tenants (id),
    name          text not null default '',
    prefix        text not null unique,
    key_hash      bytea not null unique,
    scopes        text[] not null,
    services      text[],            -- optional restriction to named services
    project       text,              -- optional restriction to one project
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz not null default now()
);
create index api_keys_tenant on api_keys (tenant_id, created_at desc);

create table projects (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id),
    name        text not null,
    created_at  timestamptz not null default now(),
    unique (tenant_id, name)
);

create table services (
    id                 uuid primary key,
    tenant_id          uuid not null references tenants (id),
    project_id         uuid not null references projects (id),
    name               text not null,
    repo               text not null,
    branch             text not null,
    root_dir           text not null default '',
    build_pack         text not null check (build_pack in ('railpack', 'dockerfile', 'static')),
    port               integer not null check (port between 1 and 65535),
    cpu_millis         integer not null check (cpu_millis > 0),
    memory_mib         integer not null check (memory_mib > 0),
    kind               text not null check (kind in ('web', 'worker', 'cron')),
    schedule           text,
    health_check_path  text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    deleted_at         timestamptz,
    check (kind <> 'cron' or schedule is not null)
);
-- The name is the subdomain: globally unique among live services, enforced here so
-- two concurrent creates cannot both win. A deleted service frees its name.
create unique index services_name_unique on services (name) where deleted_at is null;
create index services_tenant_name on services (tenant_id, name) where deleted_at is null;
create index services_project on services (project_id, name) where deleted_at is null;

create table deployments (
    id                    uuid primary key,
    tenant_id             uuid not null references tenants (id),
    service_id            uuid not null references services (id),
    environment           text not null check (environment in ('production', 'preview')),
    requested_ref         text not null,            -- branch or commit the caller asked for
    commit_sha            text,                     -- resolved by the checkout activity
    status                text not null check (status in
                             ('queued', 'cloning', 'building', 'deploying', 'running',
                              'failed', 'cancelled', 'superseded')),
    image_ref             text,                     -- registry/repo@sha256:...
    source_deployment_id  uuid references deployments (id),
    workflow_id           text not null,
    created_at            timestamptz not null default now(),
    cloning_at            timestamptz,
    building_at           timestamptz,
    deploying_at          timestamptz,
    finished_at           timestamptz,
    updated_at            timestamptz not null default now(),
    error_phase           text,
    error_code            text,
    error_message         text,
    error_log_tail        text,
    error_hint            text
);
create index deployments_service on deployments (service_id, created_at desc);
create index deployments_tenant on deployments (tenant_id, created_at desc);
create index deployments_active on deployments (service_id, environment)
    where status in ('queued', 'cloning', 'building', 'deploying');

-- Values are AES-256-GCM ciphertexts (nonce || ciphertext || tag) under DP_SECRET_KEY,
-- bound to (service_id, key) as associated data.
create table env_vars (
    service_id   uuid not null references services (id),
    key          text not null,
    value_cipher bytea not null,
    updated_at   timestamptz not null default now(),
    primary key (service_id, key)
);

-- Tokens a tenant stores for Gitea or generic https git hosts; encrypted like env_vars,
-- bound to (tenant_id, host).
create table git_credentials (
    tenant_id     uuid not null references tenants (id),
    host          text not null,
    username      text not null default 'git',
    token_cipher  bytea not null,
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, host)
);

create table idempotency_keys (
    tenant_id     uuid not null references tenants (id),
    key           text not null,
    request_hash  bytea not null,
    method        text not null,
    path          text not null,
    status        integer,          -- null while the first request is in flight
    response_body text,
    content_type  text,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    primary key (tenant_id, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

create table audit_log (
    id          bigserial primary key,
    tenant_id   uuid not null references tenants (id),
    api_key_id  uuid,
    actor       text not null,          -- key prefix, or 'system'
    client      text,                   -- e.g. MCP client name/version
    action      text not null,          -- e.g. service.create
    target      text,
    outcome     text not null,          -- accepted | rejected | failed
    detail      jsonb,
    created_at  timestamptz not null default now()
);
create index audit_log_tenant on audit_log (tenant_id, id desc);
