#!/usr/bin/env bash
# Issue 11 §6: what the local stack's autodetection costs. Starts the launcher jar on free ports
# `rounds` times in each of three cases and prints, per start, the banner's figure ("looked for
# on this machine in N ms": the detection's own wall time, which runs while PostgreSQL and
# Temporal start) and the API's ready time:
#   present  nothing set: the engine, registry and base images here are found
#   absent   DOCKER_HOST, REGISTRY_HOST and DP_K3S_KUBECONFIG pointing where nothing answers
#   off      DP_AUTODETECT=false
# Usage: bench/autodetect.sh [rounds=3]. Needs the jars (bin/local-stack builds them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk >/dev/null
rounds=${1:-3}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_once() {
  local label=$1 data log pid
  shift
  data=$(mktemp -d /tmp/dp-bench-autodetect.XXXXXX)
  chmod 755 "$data" # as root, the embedded PostgreSQL runs as nobody and must reach it
  log=$data/out.log
  : >"$log"
  env -u BUILDKIT_HOST -u REGISTRY_HOST -u KUBECONFIG -u DP_AUTODETECT \
    DP_DATA_DIR="$data/data" DP_API_PORT="$(free_port)" DP_EMBEDDED_PG_PORT="$(free_port)" \
    DP_TEMPORAL_PORT="$(free_port)" "$@" "$JAVA_HOME/bin/java" -jar local/target/local-stack.jar >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 180); do
    grep -q "Press Ctrl-C" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  printf '%-8s detection %-8s API %s\n' "$label" \
    "$(grep -o 'looked for on this machine in [0-9]* ms' "$log" | grep -o '[0-9]* ms' || echo off)" \
    "$(grep -o 'ready [0-9.]* s after start' "$log" || echo 'did not start')"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for _ in $(seq 1 "$rounds"); do
  start_once present
  start_once absent DOCKER_HOST=unix:///nonexistent/docker.sock REGISTRY_HOST=127.0.0.1:1 \
    DP_K3S_KUBECONFIG=/nonexistent/k3s.yaml
  start_once off DP_AUTODETECT=false
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
