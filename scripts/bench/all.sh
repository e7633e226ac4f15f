#!/usr/bin/env bash
# Runs every side-by-side benchmark of BENCHMARKS.md (except the matrix multiply, which has its own Maven command),
# FlatLens first and PyTorch right after, and keeps each output in OUT (default target/bench-all).
# Usage: scripts/bench/all.sh [OUT] [PYTHON]   (PYTHON: an interpreter with torch; default /usr/bin/python3)
# ONLY="train sharpness" scripts/bench/all.sh runs only the steps whose names start with one of these words.
# Each step prints the load before it ran, because on a shared machine the figures mean little without it.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/bench-all}
py=${2:-/usr/bin/python3}
mkdir -p "$out"
# run.sh builds target/flatlens.jar and compiles the benchmarks (src/bench/java) against it when the sources are newer.
java_run() { scripts/bench/run.sh "$@" 2>&1 | grep -v '^WARNING'; }
# PyTorch runs with OpenBLAS's tuning variables removed (some machines set OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE to an
# older core, which slows it down), once per OPENBLAS_NUM_THREADS value in $TORCH_OB_THREADS (default "1 2"): FlatLens
# is held to PyTorch's faster configuration. Each run prints the OpenBLAS core and thread count it used first.
torch_run() {
    local ob
    # Debian's torch links libblas.so.3, the slow reference BLAS unless OpenBLAS provides it: refuse to compare then.
    if ! "$py" -c "import ctypes; ctypes.CDLL('libopenblas.so.0')" 2> /dev/null; then
        echo "all.sh: no libopenblas.so.0, so PyTorch would run on the reference BLAS; install it first:" \
             "apt-get install libopenblas0-pthread" >&2
        return 1
    fi
    for ob in ${TORCH_OB_THREADS:-1 2}; do
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$ob" "$py" -c \
            "import ctypes; l = ctypes.CDLL('libopenblas.so.0'); l.openblas_get_corename.restype = ctypes.c_char_p; print('# OpenBLAS core', l.openblas_get_corename().decode(), 'threads', l.openblas_get_num_threads())"
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$ob" "$py" "$@"
    done
}

step() {
    local name=$1; shift
    if [ -n "${ONLY:-}" ]; then
        local want=0 w
        for w in $ONLY; do [[ $name == "$w"* ]] && want=1; done
        [ $want = 1 ] || return 0
    fi
    { echo "# $name — $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"; "$@"; } 2>&1 | tee "$out/$name.txt"
}

step hvp_cost java_run HvpCostBench 1024
step conv_flatlens java_run ConvBench
step conv_torch torch_run scripts/bench/conv_bench.py --threads 1
step train_flatlens java_run TrainThroughputBench
step train_torch torch_run scripts/bench/train_throughput.py --threads 1 --dtype both
step sharpness_flatlens java_run SharpnessBench 1000 100 20 1000 "$out/sharpness.safetensors"
step sharpness_torch torch_run scripts/bench/sharpness_bench.py "$out/sharpness.safetensors" 100 20 1000 1
for cfg in "mlp 1000 20 3" "lenet 500 10 3" "vit 500 10 2"; do
    set -- $cfg
    step "compression_$1_flatlens" java_run JacobianBench "$1" "$2" "$3" mse "$4" "$out/$1.safetensors"
    step "compression_$1_torch" torch_run scripts/bench/compression_bench.py "$out/$1.safetensors" --threads 1 \
        --reps "$4" --subset "$3" --check-paper
done
