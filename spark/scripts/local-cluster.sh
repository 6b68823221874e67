#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and two workers (separate JVMs, one core each), the
# executors they start running 'cadenza spark prepare' and 'cadenza spark generate', then everything stopped again.
# Needs nothing installed but the build: the Spark jars come from the spark module's class path (Maven), laid out as
# a Spark home (SPARK_HOME/jars) because a worker builds each executor's class path from it.
#
#   spark/scripts/local-cluster.sh [CORPUS] [COUNT]      default: midi_songs, 32 pieces
#
# Everything listens on 127.0.0.1 only. Work files go to target/local-cluster (logs, outputs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${1:-$root/midi_songs}"
count="${2:-32}"
work="$root/spark/target/local-cluster"
cp_file="$root/spark/target/launcher.classpath"
jar="$root/spark/target/cadenza-spark-0.1.0.jar"
[ -f "$cp_file" ] && [ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work/home/jars" "$work/logs"
tr ':' '\n' < "$cp_file" | while read -r j; do [ -n "$j" ] && ln -sf "$j" "$work/home/jars/"; done
ln -sf "$jar" "$work/home/jars/"
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$work/logs"
export SPARK_WORKER_DIR="$work/worker"
opens="@$root/spark/java17.args" # the openings Spark needs on Java 17, the one list the launcher and the tests use
# The daemons log at INFO to their own files (the jars' own configuration says WARN, for the command line).
printf 'rootLogger.level = info\nrootLogger.appenderRef.f.ref = console\nappender.console.type = Console\nappender.console.name = console\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%d{HH:mm:ss} %%p %%c{1}: %%m%%n\n' > "$work/log4j2-daemons.properties"
daemon_log="-Dlog4j2.configurationFile=$work/log4j2-daemons.properties"
port=$((17077 + RANDOM % 1000))
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

java -Xmx256m $opens $daemon_log -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 > "$work/logs/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java -Xmx256m $opens $daemon_log -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 1200m --webui-port 0 --work-dir "$work/worker$i" "spark://127.0.0.1:$port" \
    > "$work/logs/worker$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 120); do
  [ "$(grep -c 'Successfully registered with master' "$work"/logs/worker*.log 2>/dev/null | awk -F: '{s+=$2} END {print s+0}')" -ge 2 ] && break
  sleep 1
done
echo "cluster: master spark://127.0.0.1:$port, 2 workers of 1 core ($(uptime))"

# Executors on the workers get every jar of SPARK_HOME/jars (our code included) and the openings Spark needs.
export CADENZA_JAVA_OPTS="-Xmx1g"
spark_conf=(--master "spark://127.0.0.1:$port" --conf spark.executor.memory=900m --conf spark.cores.max=2
  --conf spark.executor.cores=1 --conf "spark.executor.extraJavaOptions=$(echo $opens)")
t0=$(date +%s.%N)
"$root/cadenza" spark prepare "$corpus" "$work/prepared" "${spark_conf[@]}"
t1=$(date +%s.%N)
"$root/cadenza" spark generate --count "$count" --seed 7 --seconds 20 --batch 8 --out "$work/pieces" "${spark_conf[@]}"
t2=$(date +%s.%N)
printf 'prepare %.1f s, generate %.1f s (%s pieces of 20 s), load average after: %s\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$count" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "executors that ran: $(ls "$work"/worker*/app-*/ 2>/dev/null | grep -c '^[0-9]')"
