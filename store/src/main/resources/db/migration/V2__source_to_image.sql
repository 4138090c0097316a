-- Issue 4: source to image. Build configuration on the service, build results on the
-- deployment, the build log, and webhook bookkeeping.

alter table services
    add column dockerfile_path        text not null default 'Dockerfile',
    -- GitHub App installation that may read the repo; null for Gitea/generic https.
    add column github_installation_id bigint,
    -- A push deploys only when a changed file lies under root_dir or one of these paths.
    add column watch_paths            text[] not null default '{}',
    -- Per-service webhook secret, AES-GCM under DP_SECRET_KEY bound to (service_id, 'webhook').
    add column webhook_secret_cipher  bytea;

-- true: served to the build as a BuildKit secret and never baked into the image;
-- false: a plain value, passed to the build as a build arg.
alter table env_vars
    add column secret boolean not null default true;

alter table deployments
    add column build_skipped   boolean,           -- true when the registry already had the image
    add column build_config    text,              -- hash of what, besides the commit, shaped the image
    add column trigger         text not null default 'api'
        check (trigger in ('api', 'webhook', 'mcp', 'rollback', 'publish'));

-- Build output, one row per line, bounded per deployment by the writer (oldest dropped first).
-- Lines are masked before they are written: no secret value ever reaches this table.
create table deployment_logs (
    deployment_id  uuid not null references deployments (id) on delete cascade,
    seq            bigint not null,
    tenant_id      uuid not null references tenants (id),
    type           text not null check (type in ('build', 'runtime')),
    at             timestamptz not null default now(),
    stream         text not null default 'stdout',   -- stdout | stderr | step | status
    line           text not null,
    primary key (deployment_id, seq)
);
create index deployment_logs_read on deployment_logs (deployment_id, type, seq desc);

-- Delivery ids already handled, so a redelivered webhook starts nothing.
create table webhook_deliveries (
    provider     text not null check (provider in ('github', 'gitea')),
    delivery_id  text not null,
    received_at  timestamptz not null default now(),
    primary key (provider, delivery_id)
);
