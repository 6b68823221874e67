#!/usr/bin/env bash
# Where the server's core goes in a served round (docs/serving.md, "Where the server's core goes"): the server pinned
# to core 0 and the load generator to core 1 as in pinned-loadtest.sh, one unmeasured round to warm the JIT, then a
# measured round with the server's CPU time per thread (from /proc) and a CPU profile of it. Run from the repository
# root after `mvn -B -q -DskipTests package && touch cli/target/launcher.classpath`:
#   docs/serve/profile-round.sh out/profile 256 1024
# The profile is async-profiler's (collapsed stacks, kernel frames included) when ASYNC_PROFILER names its
# libasyncProfiler.so (Maven Central's tools.profiler:async-profiler jar carries it), else a JFR recording.
set -euo pipefail
out=$1; clients=${2:-256}; requests=${3:-1024}
port=${PORT:-18181}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"
out=$(realpath "$out")
opts="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"
CADENZA_JAVA_OPTS="$opts" taskset -c 0 ./cadenza serve --port "$port" --threads 1 > "$out-serve.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
load() { taskset -c 1 ./cadenza loadtest --url "http://127.0.0.1:$port" --threads 1 --clients "$clients" --length 500 --warmup 0 --requests "$requests" --repeat 1 "$@"; }
load --no-offline > "$out-warm.txt" 2>&1
uptime
python3 "$here/thread-cpu.py" snap "$server" > "$out-cpu0.json"
curl -s "http://127.0.0.1:$port/metrics" > "$out-metrics0.txt"
if [ -n "${ASYNC_PROFILER:-}" ]; then
  jcmd "$server" "JVMTI.agent_load $ASYNC_PROFILER \"start,event=cpu,interval=1ms,threads\"" > /dev/null
else
  jcmd "$server" JFR.start name=round settings=profile > /dev/null
fi
load --json-file "$out.json"
if [ -n "${ASYNC_PROFILER:-}" ]; then
  jcmd "$server" "JVMTI.agent_load $ASYNC_PROFILER \"stop,file=$out.collapsed,collapsed\"" > /dev/null
  python3 "$here/top-frames.py" "$out.collapsed" > "$out-frames.txt"
else
  jcmd "$server" JFR.stop name=round filename="$out.jfr" > /dev/null
fi
python3 "$here/thread-cpu.py" snap "$server" > "$out-cpu1.json"
curl -s "http://127.0.0.1:$port/metrics" > "$out-metrics1.txt"
uptime
python3 "$here/thread-cpu.py" diff "$out-cpu0.json" "$out-cpu1.json" "$out-metrics0.txt" "$out-metrics1.txt" | tee "$out-cpu.txt"
