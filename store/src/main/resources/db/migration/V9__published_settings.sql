-- Issue 13: settings one component owns and another must agree with. The API publishes its
-- per-service resource maximum here at every start (name 'service_limits'); the worker checks
-- its project quotas against that instead of a copy of DP_LIMITS_* that nothing compared.
-- (V9: V7 and V8 are the registry GC and the per-key idempotency migrations of the same wave.)
create table published_settings (
    name          text primary key,
    value         jsonb not null,
    published_by  text not null,
    updated_at    timestamptz not null default now()
);
