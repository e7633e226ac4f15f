#!/usr/bin/env bash
# Runs one benchmark class of src/bench/java (org.flatlens.bench.NAME) against target/flatlens.jar. The benchmarks are
# not in the production jar: they are compiled here into target/bench-classes, when their sources or the jar are newer.
# Usage: scripts/bench/run.sh NAME [ARGS...]    e.g. scripts/bench/run.sh HvpCostBench 1024
# Extra JVM options: BENCH_JAVA_OPTS="-Dflatlens.threads=1" scripts/bench/run.sh ...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name=${1:?usage: scripts/bench/run.sh NAME [ARGS...]}; shift
"$here/flatlens" --version >/dev/null 2>&1   # builds target/flatlens.jar when the sources are newer
jar="$here/target/flatlens.jar" classes="$here/target/bench-classes"
if [ ! -d "$classes" ] || [ -n "$(find "$here/src/bench/java" "$jar" -newer "$classes" -print -quit)" ]; then
  rm -rf "$classes" && mkdir -p "$classes"
  # OpenBlasGemm needs OpenBLAS's binding, which only the Maven profile bench brings (ReferenceGemm loads it if present).
  javac -nowarn --add-modules jdk.incubator.vector -d "$classes" -cp "$jar" \
    $(find "$here/src/bench/java" -name '*.java' ! -name OpenBlasGemm.java) 2>&1 | grep -v '^warning\|^Note\|^1 warning' >&2 || true
  [ -f "$classes/org/flatlens/bench/WarmUp.class" ] || { echo "run.sh: compiling the benchmarks failed" >&2; exit 1; }
fi
exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g ${BENCH_JAVA_OPTS:-} \
  -cp "$jar:$classes" "org.flatlens.bench.$name" "$@"
