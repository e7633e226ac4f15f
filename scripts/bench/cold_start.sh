#!/usr/bin/env bash
# Cold start (BENCHMARKS.md, "Cold start"): the end-to-end wall time of one fresh process doing the default analysis
# of `./flatlens measure`, against a fresh Python process doing the same analysis in PyTorch
# (scripts/bench/cold_pytorch.py, Debian's /usr/bin/python3 with PyTorch; start-up and `import torch` included),
# on the same checkpoint and the same first N samples of FashionMNIST classes 0,1. Runs alternate A/B/A/B (and the
# order flips every round) so that load from other processes hits both sides alike; each line shows the 1-minute load
# average at the start of the run.
#
# Usage: scripts/bench/cold_start.sh [OPTIONS] [-- MEASURE-OPTIONS...]
#   --arch LIST      models, comma-separated (default lenet,vit); each is trained once into target/cold/ARCH
#                    (100 SGD steps on 500 samples, MSE) unless that run folder exists
#   --samples N      samples analysed (default 500)
#   --rounds R       rounds (default 2)
#   --variants LIST  FlatLens JVM option sets separated by ';', one column each ('' = the launcher's defaults;
#                    e.g. ';-XX:TieredStopAtLevel=1'); default ''
#   --no-torch       FlatLens only
# TORCH_OPENBLAS_THREADS=N  OpenBLAS threads of the PyTorch side (default 1, with torch's 2 threads: its faster setting)
# FLATLENS_LAUNCHER=PATH   time another launcher (e.g. a copy of ./flatlens and target/flatlens.jar, so a rebuild of
#                    this tree during the runs cannot change what is timed)
#   MEASURE-OPTIONS  passed to both sides unchanged: --probes, --flatness-probes, --top-k, --lanczos-steps,
#                    --avg-samples, --mc-draws, --seed (both tools take these names and defaults)
# Output: one line per run, then per model the median of each column and its ratio to PyTorch's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
archs=lenet,vit samples=500 rounds=2 variants="" torch=1
while [ $# -gt 0 ]; do
  case $1 in
    --arch) archs=$2; shift 2 ;;
    --samples) samples=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    --no-torch) torch=0; shift ;;
    --) shift; break ;;
    *) echo "cold_start.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
extra=("$@")
python=/usr/bin/python3
fl="${FLATLENS_LAUNCHER:-$here/flatlens}"   # another build of the launcher and jar, e.g. a copy
out="$here/target/cold"
mkdir -p "$out"
"$fl" --version > /dev/null   # builds the jar first, outside the timings
IFS=';' read -r -a jvm_sets <<< "$variants"
[ ${#jvm_sets[@]} = 0 ] && jvm_sets=("")

now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Runs one cold process; prints "SECONDS LOAD" (the load average when it started). Output kept in $out/last-*.txt.
timed() {
  local tag=$1; shift
  local l s e
  l=$(load1); s=$(now)
  if ! "$@" > "$out/last-$tag.out" 2> "$out/last-$tag.err"; then
    echo "cold_start.sh: $tag failed, see $out/last-$tag.err" >&2; tail -5 "$out/last-$tag.err" >&2; exit 1
  fi
  e=$(now)
  printf '%.2f %s\n' "$(echo "$e - $s" | bc)" "$l"
}

results="$out/results.txt"
: > "$results"
for arch in ${archs//,/ }; do
  run="$out/$arch"
  if [ ! -f "$run/state.json" ]; then
    echo "training $arch into $run (once)" >&2
    "$fl" train --model "$arch" --dataset fashion-mnist --classes 0,1 --train-samples 500 --test-samples 100 \
      --lr 0.05 --batch 16 --steps 100 --eval-every 100 --out "$run" > /dev/null
  fi
  weights=$(ls -d "$run"/checkpoints/*/ | sort | tail -1)model.safetensors
  for r in $(seq 1 "$rounds"); do
    sides=()
    for v in "${!jvm_sets[@]}"; do sides+=("fl$v"); done
    [ $torch = 1 ] && sides+=(torch)
    # Flip the order every round: A B / B A / ...
    if [ $((r % 2)) = 0 ]; then
      for ((a = 0, b = ${#sides[@]} - 1; a < b; a++, b--)); do t=${sides[a]}; sides[a]=${sides[b]}; sides[b]=$t; done
    fi
    for side in "${sides[@]}"; do
      if [ "$side" = torch ]; then
        # PyTorch's faster configuration on 2 cores: its 2 OpenMP threads with single-threaded OpenBLAS (both at 2
        # oversubscribe the cores: the ViT on a 63-product budget took 104 s that way, 67 s this way).
        res=$(OPENBLAS_NUM_THREADS=${TORCH_OPENBLAS_THREADS:-1} timed "$arch-torch" "$python" \
          "$here/scripts/bench/cold_pytorch.py" "$weights" "$arch" --samples "$samples" "${extra[@]}")
        label=pytorch
      else
        opts=${jvm_sets[${side#fl}]}
        res=$(FLATLENS_JAVA_OPTS="$opts" timed "$arch-$side" "$fl" measure --run "$run" --dataset fashion-mnist \
          --classes 0,1 --samples "$samples" "${extra[@]}")
        label="flatlens${opts:+ $opts}"
      fi
      echo "$arch round $r ${res% *} s (load ${res#* }) $label" | tee -a "$results"
    done
  done
done

echo "medians (ratio = FlatLens / PyTorch; below 1 FlatLens is faster):"
for arch in ${archs//,/ }; do
  grep "^$arch " "$results" | awk -v arch="$arch" '
    { t = $4; label = $0; sub(/^[^)]*\) /, "", label); n[label]++; v[label, n[label]] = t }
    END {
      for (l in n) { m = n[l]; for (i = 1; i <= m; i++) a[i] = v[l, i]
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
        med[l] = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
      for (l in med) printf "  %s %-40s %8.2f s%s\n", arch, l, med[l],
        ("pytorch" in med && l != "pytorch") ? sprintf("  ratio %.2f", med[l] / med["pytorch"]) : ""
    }'
done
