#!/usr/bin/env bash
# Runs one benchmark class of src/bench/java (org.flatlens.bench.NAME) against target/flatlens.jar. The benchmarks are
# not in the production jar: they are compiled here into target/bench-classes, when their sources or the jar are newer.
# Usage: scripts/bench/run.sh [--spark] NAME [ARGS...]    e.g. scripts/bench/run.sh HvpCostBench 1024
# --spark: run against the Spark build instead (target/flatlens-spark.jar and target/spark/lib, built by ./flatlens
# when needed, with src/spark/java-options), for the benchmarks that use the Spark executor (SweepExecutorBench).
# Extra JVM options: BENCH_JAVA_OPTS="-Dflatlens.threads=1" scripts/bench/run.sh ...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spark=0
if [ "${1:-}" = --spark ]; then spark=1; shift; fi
name=${1:?usage: scripts/bench/run.sh [--spark] NAME [ARGS...]}; shift
"$here/flatlens" --version >/dev/null 2>&1   # builds target/flatlens.jar when the sources are newer
if [ $spark = 1 ]; then
  # Builds the Spark build when the sources are newer (its progress shows); --help then only prints the usage.
  "$here/flatlens" sweep --executor spark --help > /dev/null
fi
jar="$here/target/flatlens.jar" classes="$here/target/bench-classes"
if [ ! -d "$classes" ] || [ -n "$(find "$here/src/bench/java" "$jar" -newer "$classes" -print -quit)" ]; then
  rm -rf "$classes" && mkdir -p "$classes"
  # OpenBlasGemm needs OpenBLAS's binding, which only the Maven profile bench brings (ReferenceGemm loads it if present).
  javac -nowarn --add-modules jdk.incubator.vector -d "$classes" -cp "$jar" \
    $(find "$here/src/bench/java" -name '*.java' ! -name OpenBlasGemm.java) 2>&1 | grep -v '^warning\|^Note\|^1 warning' >&2 || true
  [ -f "$classes/org/flatlens/bench/WarmUp.class" ] || { echo "run.sh: compiling the benchmarks failed" >&2; exit 1; }
fi
if [ $spark = 1 ]; then
  # The Spark build's jar holds the same FlatLens classes as target/flatlens.jar (with Jackson relocated), so it
  # replaces it on the class path.
  exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g @"$here/src/spark/java-options" \
    ${BENCH_JAVA_OPTS:-} -cp "$here/target/flatlens-spark.jar:$here/target/spark/lib/*:$classes" \
    "org.flatlens.bench.$name" "$@"
fi
exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g ${BENCH_JAVA_OPTS:-} \
  -cp "$jar:$classes" "org.flatlens.bench.$name" "$@"
