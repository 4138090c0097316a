#!/usr/bin/env bash
# Issue 14 §6: what one Prometheus scrape costs, on a fresh local stack over loopback
# (bench/ScrapeBench.java): the API's /q/metrics and the worker's /metrics (its Micrometer
# registry on DP_WORKER_METRICS_PORT): bytes (on the wire with gzip, and uncompressed), series and
# metric families, latency p50/p99 over sequential scrapes, and the CPU time the scraped process
# spends per scrape (utime+stime from /proc/<pid>/stat across the scrapes, minus an idle stretch
# of the same length measured right after). One deployment is run first (it fails fast: no
# builder on this stack) so the deploy metrics have series, as on a platform in use.
# Usage: bench/scrape.sh [scrapes=200]. Needs the jars (bin/local-stack builds them). Not run in CI.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
scrapes=${1:-200}
export DP_API_PORT=${DP_API_PORT:-28511} DP_EMBEDDED_PG_PORT=${DP_EMBEDDED_PG_PORT:-28512} DP_TEMPORAL_PORT=${DP_TEMPORAL_PORT:-28513}
# shellcheck source=lib/stack.sh
source bench/lib/stack.sh # sets DP_WORKER_METRICS_PORT: the API port + 3 (28514), not the default 9464
echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
start_stack "$DP_DATA_DIR/stack.log"
key=$(cat "$DP_DATA_DIR/api-key")
api_pid=$(child_pid quarkus-run.jar)
worker_pid=$(child_pid worker.jar)
repo=$DP_DATA_DIR/repo
mkdir -p "$repo" && echo '<h1>scrape</h1>' >"$repo/index.html"
git -C "$repo" init -q -b main && git -C "$repo" add . &&
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m bench
curl -fsS -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name": "scrape-bench", "repo": "file://'"$repo"'"}' "$api/v1/services"
status=
for _ in $(seq 1 120); do
  status=$(curl -fsS -H "Authorization: Bearer $key" "$api/v1/services/scrape-bench" |
    sed -n 's/.*"latest_deployment":{[^}]*"status":"\([a-z_]*\)".*/\1/p')
  case $status in succeeded | failed | cancelled | superseded) break ;; esac
  sleep 0.5
done
echo "== one deployment first: $status"
# Let the background settle (the deploy's tail, Temporal's polls) before any CPU is counted.
sleep 5
ticks=$(getconf CLK_TCK)
java bench/ScrapeBench.java api "$api/q/metrics" "$api_pid" "$scrapes" "$ticks" "$DP_DATA_DIR/api-metrics.txt"
worker_metrics=http://127.0.0.1:$DP_WORKER_METRICS_PORT/metrics
if curl -fsS -o /dev/null "$worker_metrics"; then
  java bench/ScrapeBench.java worker "$worker_metrics" "$worker_pid" "$scrapes" "$ticks" "$DP_DATA_DIR/worker-metrics.txt"
else
  echo "skipped: the worker answers nothing on $worker_metrics (no worker metrics endpoint on this commit)"
fi
echo "== the last bodies: $DP_DATA_DIR/api-metrics.txt, $DP_DATA_DIR/worker-metrics.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
