#!/usr/bin/env bash
# Speed of the cgroup and network views, full snapshots with them, and the cgroup usage sampler.
# Needs root (namespace sets, veths, v1 cgroups under /glassbox-test-*), all removed at the end.
#   bench/inspect/views.sh [N [SECONDS]]     N namespace sets (default 100), sampler run (default 30 s)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$here"
. .mvn/find-java
./mvnw -q -B -pl internals-core test-compile
./mvnw -q -B -pl internals-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$here/internals-core/target/bench-inspect.cp"
cp="internals-core/target/classes:internals-core/target/test-classes:$(cat internals-core/target/bench-inspect.cp)"
echo "load before: $(cat /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.glassbox.inspect.InspectViewsBench "${1:-100}" "${2:-30}"
echo "load after:  $(cat /proc/loadavg)"
