#!/usr/bin/env bash
# Writes every number the tools print for a fixed set of small models into OUT, so that a change can be checked
# bit for bit against the code before it:
#   scripts/dump/dump.sh target/dump-before   # on the old commit
#   scripts/dump/dump.sh target/dump-after    # on the new one
#   diff -r target/dump-before target/dump-after && echo identical
# Covers: training (weights, logs), tracking (metrics.jsonl), and `measure` (every sharpness, compression and bound
# number) for mlp, lenet and vit under mse and ce, at 1 and 2 kernel threads. Needs FashionMNIST
# (./flatlens data fetch fashion-mnist). Takes a few minutes on two cores.
set -euo pipefail
out=${1:?usage: scripts/dump/dump.sh OUT}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fl="$here/flatlens"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--dataset fashion-mnist --classes 0,1 --train-samples 64 --test-samples 32)
for threads in 1 2; do
  export FLATLENS_JAVA_OPTS="-Dflatlens.threads=$threads ${DUMP_JAVA_OPTS:-}"
  for arch in mlp lenet vit; do
    case $arch in
      mlp) opts=(--option widths=32,16) ;;
      lenet) opts=() ;;
      vit) opts=(--option dim=16 --option depth=1 --option heads=2) ;;
    esac
    for loss in mse ce; do
      name=$arch-$loss-t$threads
      run="$work/$name"
      "$fl" train --model $arch "${opts[@]}" "${common[@]}" --loss $loss --lr 0.05 --batch 8 --steps 20 \
        --checkpoint-every 10 --eval-every 10 --track-every 10 --track-samples 6 --track-test-samples 4 \
        --out "$run" > /dev/null 2>&1
      mkdir -p "$out/$name"
      cp "$run/log.jsonl" "$run/eval.jsonl" "$run/metrics.jsonl" "$out/$name/"
      step=$(ls "$run/checkpoints" | sort | tail -1)
      cp "$run/checkpoints/$step/model.safetensors" "$out/$name/model.safetensors"
      "$fl" measure --run "$run" --dataset fashion-mnist --classes 0,1 --samples 12 --probes 12 --top-k 3 \
        --density --seed 7 --json "$out/$name/measure.json" > "$out/$name/measure.txt" 2> /dev/null
      # Timings in the printed table are not numbers the change may keep.
      sed -i -E 's/[0-9]+(\.[0-9]+)? s\b/<t> s/g' "$out/$name/measure.txt"
    done
  done
done
echo "dump written to $out"
