#!/usr/bin/env bash
# Issue 13 §3: a mixed read/write load (creates, redeploys, reads, logs, MCP calls) at a fixed
# rate against a fresh local stack on loopback with its worker running (every create and redeploy
# starts a workflow whose worker clones the repository; builds stop at BUILDKIT_NOT_CONFIGURED,
# as the stack has no engine: DP_AUTODETECT=false). 10,000 services are seeded for the reads.
# First the same rate of reads only (the baseline: what the read path costs without the writes,
# on the same stack a minute earlier), then the mixed load; BENCH_BASELINE=false skips the first.
# The mix is MixedLoad's: all (20% writes), or writes=<percent> (e.g. writes=5).
# BENCH_NICE_BACKGROUND=true runs the worker and the Temporal test server at nice 19 (see below).
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
if [ "${BENCH_NICE_BACKGROUND:-false}" = true ]; then
  # In the chart the worker runs on the build pool's nodes and Temporal on its own servers, not
  # beside the API: here they share its 2 cores. Nice 19 on every thread of the worker and of the
  # launcher (whose JVM runs the Temporal test server; PostgreSQL runs in its own processes and
  # keeps nice 0) models that. Threads started later inherit it from their creator.
  [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo 0)" = 0 ] ||
    echo "warning: kernel.sched_autogroup_enabled is 1, so nice has no effect across sessions"
  for pid in "$(child_pid worker.jar)" "$stack_pid"; do
    for task in /proc/"$pid"/task/*; do renice -n 19 -p "${task##*/}" >/dev/null; done
  done
  echo "== worker and launcher (Temporal test server) at nice 19"
fi
if [ "${BENCH_BASELINE:-true}" = true ]; then
  echo "== baseline: reads only; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java bench/MixedLoad.java "$api" "$key" "file://$repo" "$rate" "$seconds" 10000 reads
fi
echo "== mixed ($mix); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/MixedLoad.java "$api" "$key" "file://$repo" "$rate" "$seconds" 10000 "$mix"
api_pid=$(child_pid quarkus-run.jar)
worker_pid=$(child_pid worker.jar)
echo "RSS after the load: api $(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$api_pid/status") MiB, worker $(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$worker_pid/status") MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
