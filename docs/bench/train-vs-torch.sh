#!/usr/bin/env bash
# Training speed of `cadenza train` against PyTorch on the same CPU and the same shapes, measured side by side:
# for every LSTM size and thread count, PyTorch's anchor script and `cadenza train` alternate, several times, and the
# table gives the medians of tokens/s and of the per-pair ratio. Then the validation curves of the fused LSTM and
# DL4J's own path after the same number of tokens. See docs/training.md, "Training against PyTorch".
#
#   docs/bench/train-vs-torch.sh                       # 3 pairs each, 2 x 256 and 2 x 512, 1 and 2 threads, curves of 6 epochs
#   REPS=1 SIZES=256 THREADS=1 CURVE_EPOCHS=0 docs/bench/train-vs-torch.sh   # a quick check that it runs
#
# Needs PyTorch with an optimised BLAS (without libopenblas0-pthread it uses the reference BLAS and looks ~14x slower):
#   apt-get install -y python3-torch libopenblas0-pthread
# and the anchor script (TORCH_ANCHOR, default ../shared/anchors/torch_lstm_train.py beside the repository).
# Run it on a quiet machine: the load average is printed with every pair, and figures from a busy machine are ratios at best.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
anchor="${TORCH_ANCHOR:-$root/../shared/anchors/torch_lstm_train.py}"
reps="${REPS:-3}"
sizes="${SIZES:-256 512}"
threads="${THREADS:-1 2}"
epochs="${EPOCHS:-2}"             # per speed run; the last epoch's tokens/s is taken (the first warms the JIT up)
curve_epochs="${CURVE_EPOCHS:-6}"
python="${PYTHON:-/usr/bin/python3}"
# the speed runs take a fixed slice of the corpus: an epoch of all of midi_songs/ would take many minutes per pair
corpus_args="${TRAIN_ARGS:---pieces 14}"
speed_args="--max-batches ${BATCHES:-60}"
work="$(mktemp -d "${TMPDIR:-/tmp}/train-vs-torch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

[ -f "$anchor" ] || { echo "train-vs-torch: no anchor script at $anchor (set TORCH_ANCHOR)" >&2; exit 2; }
"$python" -c 'import torch' 2>/dev/null || { echo "train-vs-torch: $python has no torch (apt-get install -y python3-torch libopenblas0-pthread)" >&2; exit 2; }
cd "$root"
mvn -B -q -DskipTests package >/dev/null  # so that ./cadenza does not build (or install) on its first call
touch cli/target/launcher.classpath

load() { cut -d' ' -f1-3 /proc/loadavg; }
# one thread: pinned to one core; two threads: both cores
pin() { if [ "$1" = 1 ]; then echo "taskset -c 1"; else echo "taskset -c 0,1"; fi; }

# the vocabulary of the corpus as `train` reads it, so that PyTorch's output layer has the same size
./cadenza train $corpus_args --epochs 1 --max-batches 1 --threads 1 --out "$work/vocab" >/dev/null
vocab="$("$python" -c 'import json,sys; v=json.load(open(sys.argv[1])); print(len(v["tokens"]) if isinstance(v,dict) and "tokens" in v else len(v))' "$work/vocab/vocabulary.json")"

echo "# train vs PyTorch, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, vocabulary $vocab, windows of 64, batch 32, embedding 64"
echo "| LSTM | threads | pair | load | PyTorch tokens/s | cadenza tokens/s | cadenza / PyTorch | cadenza, one lane on OpenBLAS's threads |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
summary=()
for h in $sizes; do
  for t in $threads; do
    ratios=(); torch_all=(); ours_all=()
    for r in $(seq 1 "$reps"); do
      l="$(load)"
      tp="$($(pin "$t") env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$anchor" --threads "$t" --hidden "$h" \
            --layers 2 --vocab "$vocab" --batches 20 | sed -E 's/.* ([0-9]+) tokens\/s$/\1/')"
      rm -rf "$work/run"
      $(pin "$t") ./cadenza train $corpus_args $speed_args --hidden "$h" --threads "$t" --epochs "$epochs" --patience 0 --out "$work/run" >/dev/null
      ours="$(tail -n 1 "$work/run/metrics.csv" | awk -F, '{printf "%.0f", $NF}')"   # tokens_per_s of the last epoch
      ratio="$(awk -v a="$ours" -v b="$tp" 'BEGIN{printf "%.2f", a/b}')"
      one=-
      if [ "$t" -gt 1 ]; then
        # the alternative to splitting the batch into lanes: one lane whose products OpenBLAS splits over the threads
        rm -rf "$work/run1"
        CADENZA_JAVA_OPTS="-Xmx8g -Dcadenza.lstm.lanes=1" $(pin "$t") ./cadenza train $corpus_args $speed_args --hidden "$h" --threads "$t" \
          --epochs "$epochs" --patience 0 --out "$work/run1" >/dev/null
        one="$(tail -n 1 "$work/run1/metrics.csv" | awk -F, '{printf "%.0f", $NF}')"
      fi
      echo "| 2 x $h | $t | $r | $l | $tp | $ours | ${ratio}x | $one |"
      ratios+=("$ratio"); torch_all+=("$tp"); ours_all+=("$ours")
    done
    med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
    summary+=("| 2 x $h | $t | $(med "${torch_all[@]}") | $(med "${ours_all[@]}") | **$(med "${ratios[@]}")x** |")
  done
done
echo
echo "medians over $reps pairs (the ratio is the median of the per-pair ratios):"
echo "| LSTM | threads | PyTorch tokens/s | cadenza tokens/s | cadenza / PyTorch |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"

if [ "$curve_epochs" -gt 0 ]; then
  echo
  echo "validation loss (nats/token) after the same number of tokens: fused LSTM against DL4J's own path (--lstm dl4j), one thread, same seed"
  for h in $sizes; do
    for path in fused dl4j; do
      rm -rf "$work/curve-$path"
      ./cadenza train --pieces 14 --hidden "$h" --threads 1 --lstm "$path" --epochs "$curve_epochs" --patience 0 --out "$work/curve-$path" >/dev/null
    done
    echo
    echo "2 x $h:"
    "$python" - "$work/curve-fused/metrics.csv" "$work/curve-dl4j/metrics.csv" <<'PY'
import csv, sys
fused, dl4j = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
print("| epoch | tokens | fused | dl4j | fused tokens/s | dl4j tokens/s |")
print("|---:|---:|---:|---:|---:|---:|")
tokens = 0
for f, d in zip(fused, dl4j):
    tokens += int(f["tokens"])
    print(f"| {f['epoch']} | {tokens:,} | {float(f['val_loss']):.4f} | {float(d['val_loss']):.4f} | {float(f['tokens_per_s']):,.0f} | {float(d['tokens_per_s']):,.0f} |")
PY
  done
fi
