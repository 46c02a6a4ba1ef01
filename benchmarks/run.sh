#!/usr/bin/env bash
# Builds the benchmark module and runs every scenario:
#   benchmarks/run.sh [quick|full] [scenario,...] [CONTENDER,...]
#   quick: under 2 minutes; full: under 10 minutes on 2 cores. Writes benchmarks/results/RESULTS.md and ratios.png.
#   BENCH_JAVA=/path/to/java picks the JVM (Java 21+ runs sessions on virtual threads); default: java on PATH.
#   BENCH_JFR=1 records a JFR profile to benchmarks/results/bench.jfr.
#   BENCH_PROFILE=itimer|wall|alloc|lock attaches async-profiler (its version pinned in the parent pom, fetched from
#   Maven Central) and writes a flame graph per thread to benchmarks/results/profile-EVENT.html (not committed). perf
#   events (cpu, cycles) are not available on every VM; itimer is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode="${1:-quick}"
only="${2:-lifecycle,junit,throughput,send,steps,tls,source,big,idle}"
who="${3:-RAW_SINK,SMTP_TESTKIT,GREENMAIL,WISER,DUMBSTER,POSTFIX_SINK}"
java="${BENCH_JAVA:-java}"

# Each idle session costs one descriptor in this JVM and one in the holder process; try to allow
# 10,000 of them. Raising the limit needs privileges; if refused, the current limit is reported.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)"

# Postfix's smtp-sink (a contender) and smtp-source (a client scenario): install them when they are
# missing and apt-get can; otherwise the benchmark skips them and says so in RESULTS.md.
if [[ ! -x /usr/sbin/smtp-sink || ! -x /usr/sbin/smtp-source ]]; then
  sudo_=""
  if [[ "$(id -u)" != "0" ]] && command -v sudo >/dev/null; then sudo_="sudo -n"; fi
  if command -v apt-get >/dev/null \
     && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y postfix >/tmp/bench-postfix-install.log 2>&1; then
    echo "installed postfix (smtp-sink, smtp-source)"
  else
    echo "NOTICE: could not install postfix (see /tmp/bench-postfix-install.log): the Postfix contender and the smtp-source scenario are skipped"
  fi
fi

cd "$here/.."
mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
jfr=()
if [[ "${BENCH_JFR:-0}" == "1" ]]; then
  jfr=(-XX:StartFlightRecording=filename="$here/results/bench.jfr",settings=profile)
  mkdir -p "$here/results"
fi
prof=()
if [[ -n "${BENCH_PROFILE:-}" ]]; then
  ap="$(sed -n 's:.*<async-profiler.version>\(.*\)</async-profiler.version>.*:\1:p' pom.xml)"
  ap_jar="$HOME/.m2/repository/tools/profiler/async-profiler/$ap/async-profiler-$ap.jar"
  [[ -f "$ap_jar" ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$ap" -Dtransitive=false
  case "$(uname -m)" in aarch64|arm64) ap_arch=linux-arm64 ;; *) ap_arch=linux-x64 ;; esac
  rm -rf "$here/target/async-profiler"
  unzip -q "$ap_jar" "$ap_arch/*" -d "$here/target/async-profiler"
  mkdir -p "$here/results"
  prof=(-agentpath:"$here/target/async-profiler/$ap_arch/libasyncProfiler.so=start,event=$BENCH_PROFILE,threads,file=$here/results/profile-$BENCH_PROFILE.html")
  echo "profiling with async-profiler $ap ($BENCH_PROFILE): benchmarks/results/profile-$BENCH_PROFILE.html"
fi
cd "$here"
exec "$java" -Xms1g -Xmx3g "${jfr[@]}" "${prof[@]}" -cp "target/classes:$(cat target/classpath.txt)" \
  dev.smtptestkit.bench.BenchMain "$mode" "$only" "$who"
