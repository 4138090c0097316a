#!/usr/bin/env bash
# Issue 14 §6: 200 watchers of one deployment's event stream (GET /v1/deployments/{id}/events) on
# loopback, against a fresh local stack (bench/EventStreamBench.java): the delivery lag of build
# log lines from their commit to each watcher (p50/p90/p99/max, goal p99 < 100 ms), that every
# watcher got every line once, and the API's RSS before the watchers connect, with them connected,
# and after the run. The worker is paused (SIGSTOP) so the deployment stays active while the
# bench writes its lines straight into deployment_logs, as the worker's log store does.
# Usage: bench/events.sh [watchers=200] [lines=1500] [lines_per_second=50]. Needs the jars
# (bin/local-stack builds them). Not run in CI.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
export DP_API_PORT=${DP_API_PORT:-28491} DP_EMBEDDED_PG_PORT=${DP_EMBEDDED_PG_PORT:-28492} DP_TEMPORAL_PORT=${DP_TEMPORAL_PORT:-28493}
# The bench's watchers all use one key (tenant): lift the per-tenant stream bound past them.
export DP_EVENTS_MAX_STREAMS_PER_TENANT=${DP_EVENTS_MAX_STREAMS_PER_TENANT:-1000}
# shellcheck source=lib/stack.sh
source bench/lib/stack.sh
echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
start_stack "$DP_DATA_DIR/stack.log"
key=$(cat "$DP_DATA_DIR/api-key")
api_pid=$(child_pid quarkus-run.jar)
name=events-bench-$$
deployment=$(queued_deployment "$name")
java -cp "$pgjar" bench/EventStreamBench.java "$api" "$key" "$jdbc" deploymcp "$deployment" "$api_pid" \
  "${1:-200}" "${2:-1500}" "${3:-50}"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
