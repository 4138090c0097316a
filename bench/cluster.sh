#!/usr/bin/env bash
# Issue 5 §6 against the Kubernetes stand-in (kube-standin/): apply of a full service p50/p99,
# rollback end to end p50/p99, API calls per deploy. Prints a Markdown table; also written to
# worker/target/bench/cluster.md. Needs nothing running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/lib/jdk.sh
select_jdk
./mvnw -B -q -o install -DskipTests -pl worker -am >/dev/null
./mvnw -B -o -f worker/pom.xml surefire:test -Dtest=ClusterBenchmark -Ddp.bench=true \
  -Dsurefire.failIfNoSpecifiedTests=false | sed -n '/CLUSTER BENCHMARK/,/^$/p'
