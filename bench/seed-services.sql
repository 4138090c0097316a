-- Seeds :count services for tenant `default` straight into PostgreSQL (not through the API:
-- 10,000 creates would start 10,000 workflows, which is the create benchmark's job, not the
-- read benchmark's). Names bench-1 .. bench-<count>; idempotent. Creates the tenant's `default`
-- project when no create has made it yet (as the API does on first use; a fresh stack has none).
with created as (
  insert into projects (id, tenant_id, name)
  select gen_random_uuid(), t.id, 'default' from tenants t where t.name = 'default'
  on conflict (tenant_id, name) do nothing
  returning id, tenant_id
), project as (
  select id, tenant_id from created
  union all
  select p.id, p.tenant_id from projects p join tenants t on t.id = p.tenant_id and t.name = 'default'
  where p.name = 'default'
)
insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port,
                      cpu_millis, memory_mib, kind)
select gen_random_uuid(), p.tenant_id, p.id, 'bench-' || i, 'https://example.com/bench.git',
       'main', 'railpack', 8080, 250, 256, 'web'
from project p
cross join generate_series(1, :count) as i
on conflict do nothing;
