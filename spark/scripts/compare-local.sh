#!/usr/bin/env bash
# The figures of docs/scale-out.md: spark prepare and spark generate on local[1] and local[2] against the single-JVM
# commands (cadenza corpus, cadenza generate) on the same files and counts, each run once, in one sequence, with the
# load average before each. Wall time from the shell, JVM start included for all of them alike.
#
#   spark/scripts/compare-local.sh [CORPUS] [COUNT] [SECONDS]     default: midi_songs, 64 pieces of 10 s
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${1:-$root/midi_songs}"
count="${2:-64}"
seconds="${3:-10}"
work="$root/spark/target/compare-local"
rm -rf "$work" && mkdir -p "$work"
run() {
  local label="$1"; shift
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local t0; t0=$(date +%s.%N)
  "$@" > "$work/$label.log" 2>&1
  printf '%-22s %7.1f s   (load average before: %s)\n' "$label" "$(echo "$(date +%s.%N) - $t0" | bc)" "$load"
}
run corpus-single-jvm "$root/cadenza" corpus "$corpus"
run prepare-local1 "$root/cadenza" spark prepare "$corpus" "$work/p1" --master 'local[1]'
run prepare-local2 "$root/cadenza" spark prepare "$corpus" "$work/p2" --master 'local[2]'
run generate-single-jvm "$root/cadenza" generate --count "$count" --seed 7 --seconds "$seconds" --out "$work/g0"
run generate-local1 "$root/cadenza" spark generate --count "$count" --seed 7 --seconds "$seconds" --out "$work/g1" --master 'local[1]'
run generate-local2 "$root/cadenza" spark generate --count "$count" --seed 7 --seconds "$seconds" --out "$work/g2" --master 'local[2]'
cmp -s "$work/g0/default-7-01.mid" "$work/g2/default-7-01.mid" && echo "piece 1: same bytes from generate and spark generate"
echo "machine: $(nproc) cores; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
