#!/usr/bin/env bash
# The lab app's footprint: RSS with N live containers (target < 400 MB) and the CPU the live
# refresh of one page costs (target < 10 % of one core). Needs root and xvfb-run.
#   sudo bench/app/bench.sh [N=20] [SECONDS=30]
# Runs its own engine on a temporary root; removes everything it made.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
n="${1:-20}"
secs="${2:-30}"
root="$(mktemp -d /tmp/gb-bench-app.XXXXXX)"
"$here/glassbox" --help >/dev/null # builds once when sources changed
. "$here/.mvn/find-java"
# the jar directly: a rebuild in the middle (sources edited meanwhile) must not break the clean-up
gb() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp "$here/lab-app/target/glassbox.jar:$here/lab-app/target/lib/*" dev.glassbox.cli.Main --root "$root" "$@"; }
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  for i in $(seq 1 "$n"); do gb rm -f "bench$i" >/dev/null 2>&1 || true; done
  gb engine stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap cleanup EXIT
gb engine start >/dev/null
for i in $(seq 1 "$n"); do gb run -d --name "bench$i" -m 32m --cpus 0.2 --pids-limit 20 base sleep 3600 >/dev/null; done
echo "containers: $(gb ps -q | wc -l)"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

measure() { # page, target
  local page="$1" target="$2"
  GLASSBOX_PAGE="$page" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dprism.order=sw \
    -Dglassbox.lab.page="$page" -Dglassbox.lab.target="$target" \
    -cp "$here/lab-app/target/glassbox.jar:$here/lab-app/target/lib/*" dev.glassbox.cli.Main --root "$root" lab \
    >"$root/app-$page.log" 2>&1 &
  local wrapper=$!
  # the JVM is a child of xvfb-run's shell
  for _ in $(seq 1 100); do
    app_pid="$(pgrep -P "$wrapper" -x java || true)"
    [ -n "$app_pid" ] && break
    sleep 0.2
  done
  if [ -z "$app_pid" ]; then echo "the app did not start: see $root/app-$page.log" >&2; cat "$root/app-$page.log" >&2; exit 1; fi
  sleep 15 # start-up and first reads
  local t0 r0 t1
  t0="$(ticks "$app_pid")"
  sleep "$secs"
  t1="$(ticks "$app_pid")"
  local hz; hz="$(getconf CLK_TCK)"
  local cpu; cpu="$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) * 100 / hz / s}')"
  # proof the page was live: CPU ticks of its background reader threads
  local readers; readers="$(for t in /proc/"$app_pid"/task/*; do if [ "$(cat "$t/comm")" = lab-poller ]; then awk '{print $14 + $15}' "$t/stat"; fi; done | awk '{s += $1} END {print s + 0}')"
  echo "page=$page containers=$n rss_mb=$(rss_mb "$app_pid") cpu_percent_of_one_core=$cpu reader_ticks=${readers:-0}"
  kill "$app_pid" 2>/dev/null || true
  wait "$wrapper" 2>/dev/null || true
  app_pid=""
  cp "$root/app-$page.log" "/tmp/bench-app-$page.log" 2>/dev/null || true
}
for page in ${PAGES:-Dashboard cgroups Namespaces Capabilities Layers Network}; do measure "$page" bench1; done
