#!/usr/bin/env bash
# Issue 12: how long bin/rotate-secret-key keeps the API and workers stopped
# (bench/RotateSecretKeyBench.java). Usage: bench/rotate-secret-key.sh [services=1000] [keys=10].
# Needs the ops module built (./mvnw -B -q -DskipTests install -pl ops -am) and resolves its test
# class path offline (set MAVEN_ARGS="-Dmaven.repo.local=..." first if your repository is not ~/.m2).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
out=$(mktemp -d /tmp/dp-bench-rotate.XXXXXX)
./mvnw -B -q -o -f ops/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath" >/dev/null
echo "== machine: $(nproc) cores, JDK $(jdk_feature "$JAVA_HOME"), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "ops/target/classes:$(cat "$out/classpath")" bench/RotateSecretKeyBench.java "${1:-1000}" "${2:-10}"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$out"
