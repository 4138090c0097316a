#!/usr/bin/env bash
# docs/benchmarks.md §(m): the mixed load with the database's hot spots as they were before V10
# and V11 ("before": V6's dp_rate_limit_take and immediate MCP event triggers) and as they are
# ("after"), alternated on one stack in one invocation, so the machine's load, which others
# share, weighs on both alike. Each phase prints MixedLoad's table and bench/PgWaits.java's
# database waits. The swap is SQL on this script's own throw-away stack, never elsewhere.
#   bench/mixed-load-ab.sh [rate=100] [seconds=30] [phases="after:reads after:all before:all after:all before:all"]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
rate=${1:-100}
seconds=${2:-30}
phases=${3:-after:reads after:all before:all after:all before:all}
# shellcheck source=lib/stack.sh
source bench/lib/stack.sh
migrations=store/src/main/resources/db/migration
sql=$DP_DATA_DIR/ab
mkdir -p "$sql"
# before: V6's function and triggers, as V6 wrote them; after: V10 and V11 as they are.
{
  awk '/^create function dp_rate_limit_take/,/^\$\$;/' "$migrations/V6__shared_mcp_state.sql" | sed 's/^create function/create or replace function/'
  grep '^drop trigger' "$migrations/V11__mcp_events_at_commit.sql"
  grep -A1 '^create trigger .*_mcp_events' "$migrations/V6__shared_mcp_state.sql" | grep -v '^--'
} >"$sql/before.sql"
grep -hv '^--' "$migrations/V10__rate_limit_async_commit.sql" "$migrations/V11__mcp_events_at_commit.sql" >"$sql/after.sql"
# The swap drops and creates triggers (ACCESS EXCLUSIVE on four tables) while the worker may still
# be writing the previous phase's deployments: a deadlock with it is retried.
cat >"$sql/Apply.java" <<'JAVA'
public class Apply {
  public static void main(String[] a) throws Exception {
    String sql = java.nio.file.Files.readString(java.nio.file.Path.of(a[2]));
    for (int attempt = 1; ; attempt++) {
      try (var c = java.sql.DriverManager.getConnection(a[0], a[1], ""); var s = c.createStatement()) {
        s.execute(sql);
        return;
      } catch (java.sql.SQLException e) {
        if (attempt == 10 || !"40P01".equals(e.getSQLState())) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }
}
JAVA

start_mixed_load_stack
for phase in $phases; do
  schema=${phase%%:*} mix=${phase##*:}
  java -cp "$pgjar" "$sql/Apply.java" "$jdbc" deploymcp "$sql/$schema.sql"
  echo "== $schema, mix=$mix; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$pgjar" bench/PgWaits.java "$jdbc" deploymcp $((seconds + 5)) >"$sql/waits" &
  waits=$!
  java bench/MixedLoad.java "$api" "$key" "file://$repo" "$rate" "$seconds" 10000 "$mix"
  wait "$waits"
  cat "$sql/waits"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
