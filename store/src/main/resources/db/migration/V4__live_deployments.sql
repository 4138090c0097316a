-- Issue 5: which deployment serves each environment of a service. Written when a rollout
-- succeeds and left alone when a later one fails, because the old ReplicaSet keeps serving.
create table service_environments (
    service_id          uuid not null references services (id),
    environment         text not null check (environment in ('production', 'preview')),
    live_deployment_id  uuid not null references deployments (id),
    updated_at          timestamptz not null default now(),
    primary key (service_id, environment)
);
