#!/usr/bin/env bash
# Clone benchmark of issue 4 §1: the checkout module's shallow clone vs `git clone --depth 1`
# of the same repository in the same run, over smart HTTP on loopback and over file://.
# Prints the medians and the ratio ours/git (target <= 1.2).
# Usage: bench/clone-ratio.sh [rounds=15] [existing-repo-dir]   (default: a generated repo of a
# few MB with 60 commits). Needs git on PATH; builds the checkout module's test classes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/lib/jdk.sh
source bin/lib/jdk.sh
select_jdk
command -v git >/dev/null || { echo "git is not installed"; exit 1; }
./mvnw -B -q -f checkout/pom.xml test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
./mvnw -B -q -f checkout/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
git --version
"$JAVA_HOME/bin/java" -version 2>&1 | head -1
exec "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "checkout/target/classes:checkout/target/test-classes:$(cat "$cpfile")" \
  io.deploymcp.checkout.bench.CloneRatio "$@"
