#!/usr/bin/env bash
# Issue 11 §1: the platform's own images. Sizes (compressed as the registry stores them,
# uncompressed as the engine unpacks them) and start times (API container to /q/health/ready
# 200, worker container to "Worker ready: polling Temporal"), from ImagesIT runs: the images
# run as in CI (host network, read-only root, --tmpfs /tmp, uid 1000) against the test's
# embedded PostgreSQL and Temporal test server. Needs dockerd, the loopback registry and
# base/jre:1 (bin/base-images). Prints Markdown.
#
# Usage: bench/images.sh [runs=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
source bin/lib/jdk.sh
select_jdk
registry=127.0.0.1:5000

./mvnw -B -q install -DskipTests -pl api,worker,images -am >/dev/null
# Sizes of what bin/images pushes for this commit.
refs=$(REGISTRY_HOST=$registry bin/images 2>/dev/null)
echo "| image | layers | compressed (registry) | uncompressed (engine) |"
echo "| --- | --- | --- | --- |"
for ref in $(echo "$refs" | awk '{print $1}') $registry/base/jre:1; do
  repo=${ref#"$registry"/}; tag=${repo##*:}; repo=${repo%:*}
  manifest=$(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry/v2/$repo/manifests/$tag")
  read -r layers compressed < <(python3 -c 'import json,sys; m=json.load(sys.stdin); print(len(m["layers"]), sum(l["size"] for l in m["layers"]) + m["config"]["size"])' <<<"$manifest")
  docker pull -q "$ref" >/dev/null
  uncompressed=$(docker image inspect --format '{{.Size}}' "$ref")
  awk -v r="$repo" -v l="$layers" -v c="$compressed" -v u="$uncompressed" \
    'BEGIN { printf "| `%s` | %s | %.1f MB | %.1f MB |\n", r, l, c / 1e6, u / 1e6 }'
done
echo

# Start times: each ImagesIT run starts both containers once (fresh containers, warm image).
echo "| run | build + push (warm cache) | API to ready | worker to polling | worker stop (SIGTERM) | API stop (SIGTERM) |"
echo "| --- | --- | --- | --- | --- | --- |"
for i in $(seq 1 "$runs"); do
  out=$(./mvnw -B -o verify -pl images -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ImagesIT 2>&1 | grep 'ImagesIT:' || true)
  [ -n "$out" ] || { echo "ImagesIT produced no timings (run it alone to see why)" >&2; exit 1; }
  build=$(sed -n 's/.*both images in \([0-9]*\) ms.*/\1/p' <<<"$out")
  api=$(sed -n 's/.*API ready in \([0-9]*\) ms.*/\1/p' <<<"$out")
  worker=$(sed -n 's/.*worker polling in \([0-9]*\) ms.*/\1/p' <<<"$out")
  wstop=$(sed -n 's/.*worker-[0-9a-f]* stopped in \([0-9]*\) ms.*/\1/p' <<<"$out")
  astop=$(sed -n 's/.*api-[0-9a-f]* stopped in \([0-9]*\) ms.*/\1/p' <<<"$out")
  echo "| $i | $build ms | $api ms | $worker ms | $wstop ms | $astop ms |"
done
