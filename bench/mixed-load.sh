#!/usr/bin/env bash
# Issue 13 §3: a mixed read/write load (creates, redeploys, reads, logs, MCP calls) at a fixed
# rate against a fresh local stack on loopback with its worker running (every create and redeploy
# starts a workflow whose worker clones the repository; builds stop at BUILDKIT_NOT_CONFIGURED,
# as the stack has no engine: DP_AUTODETECT=false). 10,000 services are seeded for the reads.
# First the same rate of reads only (the baseline: what the read path costs without the writes,
# on the same stack a minute earlier), then the mixed load; BENCH_BASELINE=false skips the first.
# The mix is MixedLoad's: all (20% writes), or writes=<percent> (e.g. writes=5).
#   bench/mixed-load.sh [rate=300] [seconds=60] [mix=all]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
rate=${1:-300}
seconds=${2:-60}
mix=${3:-all}
# shellcheck source=lib/stack.sh
source bench/lib/stack.sh

start_mixed_load_stack
if [ "${BENCH_BASELINE:-true}" = true ]; then
  echo "== baseline: reads only; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java bench/MixedLoad.java "$api" "$key" "file://$repo" "$rate" "$seconds" 10000 reads
fi
echo "== mixed ($mix); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/MixedLoad.java "$api" "$key" "file://$repo" "$rate" "$seconds" 10000 "$mix"
api_pid=$(child_pid quarkus-run.jar)
worker_pid=$(child_pid worker.jar)
echo "RSS after the load: api $(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$api_pid/status") MiB, worker $(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$worker_pid/status") MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
