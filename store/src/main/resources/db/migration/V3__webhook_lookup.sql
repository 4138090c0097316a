-- Issue 4 §5: a webhook delivery finds the services of the pushed repository by the
-- repository URL reduced to a key (no scheme, no trailing '/' or '.git', lower case), across
-- tenants, in one index probe. The API's RepoKey.SQL is exactly this expression.
create index services_repo_key
    on services (lower(regexp_replace(repo, '^[A-Za-z][A-Za-z0-9+.-]*://|(\.git)?/*$', '', 'g')))
    where deleted_at is null;

-- The janitor forgets delivery ids by age.
create index webhook_deliveries_received on webhook_deliveries (received_at);
