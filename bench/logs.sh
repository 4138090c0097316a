#!/usr/bin/env bash
# Issue 14 §6: build-log reads of one deployment with 10,000 lines, on loopback, against a fresh
# local stack. The worker is paused (SIGSTOP, as bench/events.sh does) so the deployment the bench
# creates stays queued and nothing else writes; bench/LogBench.java then writes its build log
# straight into deployment_logs, as the worker's log store does (10,000 BuildKit-like lines,
# 20-400 characters, a few error/warn lines, no secrets). Measured:
#   - the first page, GET /v1/services/{name}/logs?deployment_id=…&limit=100 (newest first), at a
#     fixed rate (bench/FixedRateLoad.java: open loop, latency from the scheduled send);
#   - a walk of all 100 pages by next_cursor (per page and per walk), a fixed number of walks per
#     minute, each walk checked for every seq once in order;
#   - the first page with the filters contains= (a rare word, and one no line holds: the whole log
#     is scanned) and level=error, at the same fixed rate, when the API has them (log filters,
#     issue 14 §2); skipped with a note on an API without them.
# Usage: bench/logs.sh [rate=100] [seconds=60] [walks=30] [walks_per_minute=60] [lines=10000].
# Needs the jars (bin/local-stack builds them). Not run in CI.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
rate=${1:-100}
seconds=${2:-60}
walks=${3:-30}
walks_per_minute=${4:-60}
lines=${5:-10000}
export DP_API_PORT=${DP_API_PORT:-28501} DP_EMBEDDED_PG_PORT=${DP_EMBEDDED_PG_PORT:-28502} DP_TEMPORAL_PORT=${DP_TEMPORAL_PORT:-28503}
# shellcheck source=lib/stack.sh
source bench/lib/stack.sh
echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
start_stack "$DP_DATA_DIR/stack.log"
key=$(cat "$DP_DATA_DIR/api-key")
name=logs-bench
deployment=$(queued_deployment "$name")
# The store module on the classpath: the seed classifies each line's level with the writer's LogLevel.
storejar=$(ls store/target/store-*.jar | grep -v -e tests -e sources | head -1)
java -cp "$pgjar:$storejar" bench/LogBench.java seed "$jdbc" deploymcp "$deployment" "$lines"
page=/v1/services/$name/logs?deployment_id=$deployment\&limit=100
echo "== first page at a fixed rate (limit=100, newest first; 5 s warm-up first)"
java bench/FixedRateLoad.java "$api" "$key" "$page" "$rate" "$seconds"
echo "== cursor walk of the whole log ($walks walks, $walks_per_minute per minute)"
java bench/LogBench.java walk "$api" "$key" "$name" "$deployment" "$walks" "$walks_per_minute" 100
echo "== filters (first page, limit=100)"
# An API without filters ignores the unknown parameters and answers a full page: probe with a
# substring no line holds, which a filtering API answers with no items.
probe=$(curl -fsS -H "Authorization: Bearer $key" "$api$page&contains=no-such-text" | { grep -o '"seq":' || true; } | wc -l)
if [ "$probe" = 0 ]; then
  # "deprecated": two of the five warn texts (~0.4% of the lines); "no-such-text": no line, so
  # the whole log is read for an empty page; level=error: ~0.3% of the lines.
  for filter in contains=deprecated contains=no-such-text level=error; do
    java bench/FixedRateLoad.java "$api" "$key" "$page&$filter" "$rate" "$seconds"
  done
else
  echo "skipped: this API has no log filters (contains=no-such-text still answered $probe lines)"
fi
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
