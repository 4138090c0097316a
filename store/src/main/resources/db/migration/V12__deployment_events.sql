-- Issue 14 §2: a deployment's live event stream (GET /v1/deployments/{id}/events, MCP wait_seconds).
--
-- deployment_events is the durable source every API replica reads, so a stream resumes on any of
-- them: phase changes and the final result are written by the trigger below on every status change
-- of a deployments row, whichever process makes it (the worker's record activities, the API's
-- cancel), and the worker appends rollout progress (ready counts, pod reasons) while it watches a
-- rollout. Build log lines are not copied: the stream reads them from deployment_logs, which
-- numbers them per deployment already. seq is 1, 2, 3, ... per deployment, handed out under a
-- transaction-scoped advisory lock that is held until the commit, so rows become visible in seq
-- order and a reader's "seq > cursor" never skips one that commits later.
create table deployment_events (
    deployment_id  uuid not null references deployments (id) on delete cascade,
    seq            bigint not null,
    at             timestamptz not null default clock_timestamp(),
    kind           text not null check (kind in ('phase', 'rollout', 'result')),
    data           jsonb not null,
    primary key (deployment_id, seq)
);

-- Appends one event and wakes the listening API processes: channel dp_deployment_event, payload
-- the deployment id (pg_notify delivers after commit, once per distinct payload per transaction).
-- The advisory lock's first key is 'EVNT', apart from the log store's 'LOGS'.
create function dp_append_deployment_event(deployment uuid, event_kind text, event_data jsonb)
returns bigint
language plpgsql as $$
declare
    next_seq bigint;
begin
    perform pg_advisory_xact_lock(1163284052, hashtext(deployment::text));
    select coalesce(max(seq), 0) + 1 into next_seq from deployment_events where deployment_id = deployment;
    insert into deployment_events (deployment_id, seq, at, kind, data)
        values (deployment, next_seq, clock_timestamp(), event_kind, event_data);
    perform pg_notify('dp_deployment_event', deployment::text);
    return next_seq;
end
$$;

create function dp_deployment_result(d deployments) returns jsonb
language sql immutable as $$
    select jsonb_build_object(
        'status', d.status,
        'commit_sha', d.commit_sha,
        'image_ref', d.image_ref,
        'finished_at', d.finished_at,
        'error', case when d.error_code is null and d.error_message is null then null else jsonb_build_object(
            'phase', d.error_phase, 'code', d.error_code, 'message', d.error_message,
            'hint', d.error_hint, 'log_tail', d.error_log_tail) end)
$$;

-- A new status is a phase event; a terminal one is followed by the result, with the error the
-- same UPDATE recorded (markFailed writes status and error together).
create function dp_deployment_status_events() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.status is distinct from old.status then
        perform dp_append_deployment_event(new.id, 'phase', jsonb_build_object(
            'status', new.status,
            'previous', case when tg_op = 'UPDATE' then old.status end,
            'commit_sha', new.commit_sha));
        if new.status in ('running', 'failed', 'cancelled', 'superseded') then
            perform dp_append_deployment_event(new.id, 'result', dp_deployment_result(new));
        end if;
    end if;
    return null;
end
$$;

create trigger deployments_events after insert or update of status on deployments
    for each row execute function dp_deployment_status_events();

-- New build log lines wake the streams too (one notification per deployment per statement).
create function dp_deployment_logs_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('dp_deployment_event', deployment_id::text)
       from (select distinct deployment_id from added) changed;
    return null;
end
$$;

create trigger deployment_logs_events after insert on deployment_logs
    referencing new table as added
    for each statement execute function dp_deployment_logs_notify();

-- Deployments that exist already get their current phase, and their result when they ended, so
-- a stream of an older deployment replays and ends like any other.
insert into deployment_events (deployment_id, seq, at, kind, data)
select id, 1, updated_at, 'phase', jsonb_build_object('status', status, 'previous', null, 'commit_sha', commit_sha)
  from deployments;
insert into deployment_events (deployment_id, seq, at, kind, data)
select d.id, 2, coalesce(d.finished_at, d.updated_at), 'result', dp_deployment_result(d)
  from deployments d
 where d.status in ('running', 'failed', 'cancelled', 'superseded');
