#!/usr/bin/env bash
# The pinned measurement of docs/serving.md ("Pinned: server and load generator on cores of their own"): server on core 0, load generator and
# offline reference on core 1, one ONNX Runtime thread each. Run from the repository root after
# `mvn -B -q -DskipTests package && touch cli/target/launcher.classpath`; arguments pass to loadtest:
#   docs/serve/pinned-loadtest.sh --requests 1024 --repeat 3 --json-file out/pinned.json
set -euo pipefail
port=${PORT:-18080}
mkdir -p out
taskset -c 0 ./cadenza serve --port "$port" --threads 1 > out/pinned-serve.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
uptime
taskset -c 1 ./cadenza loadtest --url "http://127.0.0.1:$port" --threads 1 --clients 64,256 --length 500 --warmup "${WARMUP:-256}" "$@"
uptime
