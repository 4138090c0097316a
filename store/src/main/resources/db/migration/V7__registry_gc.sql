-- Issue 12 §2: registry garbage collection (docs/registry-gc.md). The nightly collector asks the
-- API what to keep, claims what it deletes, and has the registry reclaim blobs only while no push
-- is under way. The platform's half of that is here.

-- A collector's run: a lease, ended by the collector or by expires_at. At most one is open at a
-- time (checked under the gate row's lock, since "open" depends on now()).
create table registry_gc_runs (
    id          uuid primary key,
    keep_last   integer not null check (keep_last between 1 and 100),
    opened_at   timestamptz not null default now(),
    expires_at  timestamptz not null,
    -- Set when the blob sweep begins: from then until the run ends no push starts.
    sweep_at    timestamptz,
    ended_at    timestamptz,
    check (expires_at > opened_at)
);
create index registry_gc_runs_open on registry_gc_runs (expires_at) where ended_at is null;

-- One row whose lock orders three things: opening a run, a run's move into the sweep phase
-- (exclusive) and every worker's "may I push" check (shared). Without it a push could pass its
-- check while the sweep transition's "no push in flight" read was already taken.
create table registry_gc_gate (
    id boolean primary key default true check (id)
);
insert into registry_gc_gate default values;

-- Pushes that passed the gate and have not finished. The worker inserts the row in the gate's
-- transaction and deletes it when the build activity ends; the row of a worker that died lapses
-- at expires_at (past the build activity's own time limit), so it cannot block sweeps forever.
-- Deployment status is not enough: a superseded deployment's build may still be pushing.
create table registry_gc_pushes (
    deployment_id uuid primary key references deployments (id) on delete cascade,
    started_at    timestamptz not null default now(),
    expires_at    timestamptz not null
);

-- Manifests a run was granted to delete: repository as /v2/_catalog lists it (no host) and digest.
-- Publish and rollback refuse to run such an image; the build skip does not reuse it. A fresh
-- push of the same digest removes the row (the image exists again).
create table registry_gc_collected (
    repository   text not null,
    digest       text not null check (digest ~ '^sha256:[0-9a-f]{64}$'),
    run_id       uuid not null references registry_gc_runs (id),
    collected_at timestamptz not null default now(),
    primary key (repository, digest)
);
