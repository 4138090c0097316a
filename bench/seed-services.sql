-- Seeds :count services for tenant `default` straight into PostgreSQL (not through the API:
-- 10,000 creates would start 10,000 workflows, which is the create benchmark's job, not the
-- read benchmark's). Names bench-1 .. bench-<count>; idempotent.
insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port,
                      cpu_millis, memory_mib, kind)
select gen_random_uuid(), p.tenant_id, p.id, 'bench-' || i, 'https://example.com/bench.git',
       'main', 'railpack', 8080, 250, 256, 'web'
from projects p
join tenants t on t.id = p.tenant_id and t.name = 'default'
cross join generate_series(1, :count) as i
where p.name = 'default'
on conflict do nothing;
