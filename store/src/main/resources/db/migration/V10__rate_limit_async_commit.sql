-- Issue 13 §3 (docs/benchmarks.md §(m)): every API request takes a token with dp_rate_limit_take,
-- a write of its key's one bucket row under that row's lock, held until the commit. With
-- synchronous_commit on, the commit waits for a WAL flush, so a key's requests queued one fsync
-- after another behind the lock: under the mixed load (the writes' commits flushing too) a read's
-- p99 grew to ~600 ms, most of it waiting for the bucket. The bucket is not worth a flush: a crash
-- of PostgreSQL loses at most its last ~0.6 s of updates (3 x wal_writer_delay), a budget that
-- refills within a second anyway.
-- So the function makes its own transaction commit without waiting for the flush
-- (set_config(..., true) lasts until that transaction ends, and is local to it). Call it in a
-- statement of its own (auto-commit), as RateLimiter does: inside a larger transaction it would
-- make that transaction's commit asynchronous too.
create or replace function dp_rate_limit_take(p_key uuid, p_capacity double precision, p_per_second double precision)
returns double precision
language plpgsql as $$
declare
    b rate_limit_buckets%rowtype;
    now_ts timestamptz;
    available double precision;
begin
    perform set_config('synchronous_commit', 'off', true);
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
