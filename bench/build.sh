#!/usr/bin/env bash
# Issue 4 §7: build times of a Node and a Python sample on this machine's Docker engine
# (cold, one-line change, full cache hit, unchanged-commit skip). Needs dockerd, the loopback
# registry and the base images (bin/base-images). Prints a Markdown table; also written to
# worker/target/bench/build.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/lib/jdk.sh
select_jdk
./mvnw -B -q -o install -DskipTests -pl worker -am >/dev/null
./mvnw -B -o -f worker/pom.xml surefire:test -Dtest=BuildBenchmark -Ddp.bench=true \
  -Dsurefire.failIfNoSpecifiedTests=false | sed -n '/BUILD BENCHMARK/,/^$/p'
