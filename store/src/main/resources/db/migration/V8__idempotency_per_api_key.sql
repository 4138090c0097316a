-- Issue 13: an Idempotency-Key belongs to the API key that sent it, not to its whole tenant.
--
-- With one key space per tenant, a second key (a restricted one, say) that sent the same
-- Idempotency-Key got the first key's stored response replayed: another key's answer, and an
-- answer its own restriction would have refused. Now each API key has its own key space; the
-- same Idempotency-Key from another API key is another request and runs on its own.
--
-- Rows stored before this migration do not say which API key sent them, so they are dropped:
-- they live 24 hours at most, and a retry across the upgrade runs again (a create answers 409
-- NAME_TAKEN, a deploy starts anew) rather than replaying what might be another key's answer.

delete from idempotency_keys;

alter table idempotency_keys
    add column api_key_id uuid not null references api_keys (id) on delete cascade;

alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (api_key_id, key);
