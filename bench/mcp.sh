#!/usr/bin/env bash
# Issue 6 §6: MCP tool calls against a fresh local stack on loopback, from the caller's side with
# the official Java MCP SDK client (bench/McpBench.java):
#   list_services and get_service p50/p99 at 10,000 services (seeded with bench/Seed.java),
#   each next to its REST twin (difference and ratio), and the size of tools/list in bytes.
# Usage: bench/mcp.sh [rounds=3000] [warmup=1000]. Needs the jars (bin/local-stack builds them)
# and the local module's test classpath (resolved offline from ~/.m2 by Maven).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
rounds=${1:-3000}
warmup=${2:-1000}

export DP_DATA_DIR=${BENCH_DATA_DIR:-$(mktemp -d /tmp/dp-bench-mcp.XXXXXX)}
# 0755: as root, the embedded PostgreSQL runs as nobody and must reach its data directory.
mkdir -p "$DP_DATA_DIR" && chmod 755 "$DP_DATA_DIR"
export DP_API_PORT=${DP_API_PORT:-28481} DP_EMBEDDED_PG_PORT=${DP_EMBEDDED_PG_PORT:-28482} DP_TEMPORAL_PORT=${DP_TEMPORAL_PORT:-28483}
# One key sends everything: lift its rate limit (default 50/s), or the figures measure the limiter.
export DP_RATE_LIMIT_REQUESTS_PER_SECOND=${DP_RATE_LIMIT_REQUESTS_PER_SECOND:-1000000} DP_RATE_LIMIT_BURST=${DP_RATE_LIMIT_BURST:-1000000}
unset DP_DATABASE_URL TEMPORAL_ADDRESS BUILDKIT_HOST REGISTRY_HOST KUBECONFIG LOKI_PUSH_URL DP_BOOTSTRAP_API_KEY
# The figures are of the control plane without builds, as recorded: do not pick up this machine's
# engine, registry or k3s (the local stack would, since issue 11).
export DP_AUTODETECT=false
api=http://127.0.0.1:$DP_API_PORT
jdbc=jdbc:postgresql://127.0.0.1:$DP_EMBEDDED_PG_PORT/deploymcp

./mvnw -B -q -o -f local/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$DP_DATA_DIR/classpath" >/dev/null
classpath=$(cat "$DP_DATA_DIR/classpath")
pgjar=$(tr ':' '\n' <<<"$classpath" | grep '/postgresql-[0-9.]*\.jar$' | head -1)

stack_pid=
stop_stack() {
  [ -n "$stack_pid" ] || return 0
  kill "$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
  stack_pid=
}
trap stop_stack EXIT

log=$DP_DATA_DIR/stack.log
bin/local-stack >"$log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 900); do
  grep -q 'Press Ctrl-C' "$log" && break
  kill -0 "$stack_pid" 2>/dev/null || { echo "local stack exited:"; tail -20 "$log"; exit 1; }
  sleep 0.2
done
grep -q 'Press Ctrl-C' "$log" || { echo "local stack not ready after 180 s"; tail -20 "$log"; exit 1; }
key=$(cat "$DP_DATA_DIR/api-key")

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), data in $DP_DATA_DIR"
echo "== seed 10,000 services (SQL straight into the embedded PostgreSQL)"
java -cp "$pgjar" bench/Seed.java "$jdbc" deploymcp 10000
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" bench/McpBench.java "$api" "$key" "$rounds" "$warmup" 10000
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
