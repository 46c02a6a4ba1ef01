#!/usr/bin/env bash
# Runs the JMH benchmarks (protocol engine and lifecycle): benchmarks/jmh.sh [JMH options, e.g. SessionBenchmark -p size=1024]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
cd "$here"
exec "${BENCH_JAVA:-java}" -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main "$@"
