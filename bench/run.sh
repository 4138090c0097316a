#!/usr/bin/env bash
# Runs the benchmarks of docs/benchmarks.md against a fresh local stack on loopback:
#   (c) API and worker start time and RSS (3 starts on the same data directory)
#   (a) create -> workflow started latency, 1,000 sequential creates (and again with the worker paused)
#   (b) 10,000 services seeded, then GET /v1/services/{name} and GET /v1/services at a fixed
#       200 requests/s for 60 s each (bench/FixedRateLoad.java), then wrk for peak throughput
# Usage: bench/run.sh [creates=1000] [seconds=60]. Needs the jars (bin/local-stack builds them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
creates=${1:-1000}
seconds=${2:-60}

# shellcheck source=lib/stack.sh
source bench/lib/stack.sh

rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), JDK $(jdk_feature "$JAVA_HOME"), data in $DP_DATA_DIR"
echo "== git: $(git rev-parse --short HEAD); load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"

echo "== (c) start time and RSS at ready (3 starts; the first one creates the database)"
for i in 1 2 3; do
  start_stack "$DP_DATA_DIR/start-$i.log"
  quarkus=$(grep -o '\[api\].*started in [0-9.]*s' "$DP_DATA_DIR/start-$i.log" | grep -o 'started in [0-9.]*s' || true)
  spring=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$DP_DATA_DIR/start-$i.log" || true)
  echo "start $i: $(grep -E '^  (API|worker) ' "$DP_DATA_DIR/start-$i.log" | sed 's/^ *//' | paste -sd ';')  | api says: ${quarkus:-?} | worker says: ${spring:-?}"
  [ $i -lt 3 ] && stop_stack
done
key=$(cat "$DP_DATA_DIR/api-key")

echo "== (a) create -> workflow started, $creates sequential creates (client-observed: an upper bound)"
repo=$DP_DATA_DIR/repo
if [ ! -d "$repo/.git" ]; then
  mkdir -p "$repo" && echo '<h1>bench</h1>' >"$repo/index.html"
  git -C "$repo" init -q -b main && git -C "$repo" add . &&
    git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m bench
fi
java bench/CreateLatency.java "$api" "$key" "file://$repo" "$creates" 50
api_pid=$(child_pid quarkus-run.jar)
worker_pid=$(child_pid worker.jar)

echo "== (a') the same with the worker paused (SIGSTOP): API + PostgreSQL + Temporal start only, no deploys competing for the 2 cores"
kill -STOP "$worker_pid"
java bench/CreateLatency.java "$api" "$key" "file://$repo" "$creates" 50
kill -CONT "$worker_pid"

echo "== (b) seed 10,000 services (SQL straight into the embedded PostgreSQL), after the create workflows finish"
java -cp "$pgjar" bench/Seed.java "$jdbc" deploymcp 10000
echo "RSS after the creates: api $(rss_mib "$api_pid") MiB, worker $(rss_mib "$worker_pid") MiB"

echo "== (b) fixed rate 200/s for $seconds s"
java bench/FixedRateLoad.java "$api" "$key" '/v1/services/bench-{n}' 200 "$seconds" 10000
java bench/FixedRateLoad.java "$api" "$key" '/v1/services' 200 "$seconds" 10000
echo "RSS after the read load: api $(rss_mib "$api_pid") MiB, worker $(rss_mib "$worker_pid") MiB"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== (b) peak throughput, wrk -t2 -c4 -d${seconds}s (closed loop: no fixed rate)"
if ! command -v wrk >/dev/null; then
  apt-get install -y -qq wrk </dev/null >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk </dev/null >/dev/null; }
fi
DP_API_KEY=$key wrk -t2 -c4 -d"${seconds}s" --latency -s bench/wrk-get.lua "$api"
DP_API_KEY=$key wrk -t2 -c4 -d"${seconds}s" --latency -s bench/wrk-list.lua "$api"
echo "RSS after wrk: api $(rss_mib "$api_pid") MiB, worker $(rss_mib "$worker_pid") MiB"
