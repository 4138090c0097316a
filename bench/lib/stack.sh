# shellcheck shell=bash
# The local stack the benchmarks run against, on loopback ports of their own, with its own data
# directory and the per-key rate limit lifted. Sourced by bench/run.sh, bench/mixed-load.sh and
# bench/mixed-load-ab.sh from the repository root (after select_jdk); defines api, jdbc, pgjar,
# start_stack, start_mixed_load_stack, stop_stack (on EXIT), child_pid.
export DP_DATA_DIR=${BENCH_DATA_DIR:-$(mktemp -d /tmp/dp-bench.XXXXXX)}
# 0755: as root, the embedded PostgreSQL runs as nobody and must reach its data directory.
mkdir -p "$DP_DATA_DIR" && chmod 755 "$DP_DATA_DIR"
export DP_API_PORT=${DP_API_PORT:-28471} DP_EMBEDDED_PG_PORT=${DP_EMBEDDED_PG_PORT:-28472} DP_TEMPORAL_PORT=${DP_TEMPORAL_PORT:-28473}
# The worker's metrics port too, so a bench stack runs beside a local stack on the default 9464.
export DP_WORKER_METRICS_PORT=${DP_WORKER_METRICS_PORT:-$((DP_API_PORT + 3))}
# One API key sends all the load: lift its per-key rate limit (default 50/s, burst 100), which
# would otherwise answer most requests with 429 RATE_LIMITED and measure the limiter instead.
export DP_RATE_LIMIT_REQUESTS_PER_SECOND=${DP_RATE_LIMIT_REQUESTS_PER_SECOND:-1000000} DP_RATE_LIMIT_BURST=${DP_RATE_LIMIT_BURST:-1000000}
unset DP_DATABASE_URL TEMPORAL_ADDRESS BUILDKIT_HOST REGISTRY_HOST KUBECONFIG LOKI_PUSH_URL DP_BOOTSTRAP_API_KEY
# The figures are of the control plane without builds, as recorded: do not pick up this machine's
# engine, registry or k3s (the local stack would, since issue 11).
export DP_AUTODETECT=false
api=http://127.0.0.1:$DP_API_PORT
jdbc=jdbc:postgresql://127.0.0.1:$DP_EMBEDDED_PG_PORT/deploymcp
pgjar=$(ls local/target/lib/postgresql-*.jar)
stack_pid=

start_stack() {
  local log=$1
  bin/local-stack >"$log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 900); do
    grep -q 'Press Ctrl-C' "$log" && return 0
    kill -0 "$stack_pid" 2>/dev/null || { echo "local stack exited:"; tail -20 "$log"; exit 1; }
    sleep 0.2
  done
  echo "local stack not ready after 180 s"; tail -20 "$log"; exit 1
}

# The mixed-load benchmarks' stack: started, with a one-commit repository to deploy and 10,000
# services seeded for the reads; sets key and repo.
# The JVM flags of the images under the chart's memory limits (images/…/JvmFlags: C2 on, heap 75%
# of the limit, Serial GC as the JVM picks it below 2 CPUs or 1792 MB), not the local stack's
# laptop defaults (C1 only, 256 MiB): with those, reads alone at 300/s had a p99 of 1.6 s where
# these gave 81-107 ms, same machine, same hour (docs/benchmarks.md §(m)). Set DP_API_JAVA_OPTS /
# DP_WORKER_JAVA_OPTS to measure something else.
server_jvm_options() { # $1: the heap in MiB
  local options="-XX:+UseSerialGC -Xmx${1}m -XX:+ExitOnOutOfMemoryError -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8"
  local feature
  feature=$(jdk_feature "$JAVA_HOME")
  [ "$feature" -ge 22 ] && options+=" --enable-native-access=ALL-UNNAMED"
  [ "$feature" -ge 23 ] && options+=" --sun-misc-unsafe-memory-access=allow"
  echo "$options"
}

start_mixed_load_stack() {
  # The chart's limits: API 768 MiB, worker 1536 MiB (helm/deploy-mcp/values.yaml).
  export DP_API_JAVA_OPTS=${DP_API_JAVA_OPTS-$(server_jvm_options 576)}
  export DP_WORKER_JAVA_OPTS=${DP_WORKER_JAVA_OPTS-$(server_jvm_options 1152)}
  echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== API JVM: $DP_API_JAVA_OPTS"
  start_stack "$DP_DATA_DIR/stack.log"
  key=$(cat "$DP_DATA_DIR/api-key")
  repo=$DP_DATA_DIR/repo
  mkdir -p "$repo" && echo '<h1>mixed</h1>' >"$repo/index.html"
  git -C "$repo" init -q -b main && git -C "$repo" add . &&
    git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m bench
  java -cp "$pgjar" bench/Seed.java "$jdbc" deploymcp 10000
}

stop_stack() {
  [ -n "$stack_pid" ] || return 0
  [ -n "${worker_pid:-}" ] && kill -CONT "$worker_pid" 2>/dev/null
  kill "$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
  stack_pid=
}
trap stop_stack EXIT

child_pid() { # $1: jar name fragment
  ps -o pid=,args= --ppid "$stack_pid" | awk -v jar="$1" 'index($0, jar) {print $1; exit}'
}


# Pauses the worker (SIGSTOP) and creates service $1 from a one-file local repository, so its
# first deployment stays queued and nothing else writes; prints that deployment's id.
# (The local stack admits file:// repositories; nothing clones it while the worker is stopped.)
queued_deployment() {
  local name=$1 repo=$DP_DATA_DIR/repo-$1 deployment
  kill -STOP "$(child_pid worker.jar)"
  mkdir -p "$repo" && echo "<h1>$name</h1>" >"$repo/index.html"
  git -C "$repo" init -q -b main && git -C "$repo" add . &&
    git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -q -m bench
  curl -fsS -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$name\", \"repo\": \"file://$repo\"}" "$api/v1/services"
  deployment=$(curl -fsS -H "Authorization: Bearer $key" "$api/v1/services/$name" |
    sed -n 's/.*"latest_deployment":{"id":"\([^"]*\)".*/\1/p')
  [ -n "$deployment" ] || { echo "no deployment id for $name" >&2; return 1; }
  echo "$deployment"
}
