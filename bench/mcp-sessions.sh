#!/usr/bin/env bash
# Issue 11: the database work the shared MCP state adds to each request (bench/McpSessionBench.java):
# the session lookup and the shared rate-limit bucket, next to the API-key lookup every request
# already makes. Usage: bench/mcp-sessions.sh [rounds=20000] [warmup=5000]. Needs the store and
# embedded modules installed (./mvnw -B -q -DskipTests install) and resolves the api module's test
# class path offline (set MAVEN_ARGS="-Dmaven.repo.local=..." first if your repository is not ~/.m2).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
out=$(mktemp -d /tmp/dp-bench-sessions.XXXXXX)
./mvnw -B -q -o -f api/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath" >/dev/null
echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$(cat "$out/classpath")" bench/McpSessionBench.java "${1:-20000}" "${2:-5000}"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
