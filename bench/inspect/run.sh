#!/usr/bin/env bash
# Speed of the inspectors against lsns, in one run. Needs root (it makes namespace sets).
#   bench/inspect/run.sh [N]     N namespace sets, default 100
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$here"
. .mvn/find-java
./mvnw -q -B -pl internals-core test-compile
./mvnw -q -B -pl internals-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$here/internals-core/target/bench-inspect.cp"
cp="internals-core/target/classes:internals-core/target/test-classes:$(cat internals-core/target/bench-inspect.cp)"
echo "load before: $(cat /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.glassbox.inspect.InspectBench "${1:-100}"
echo "load after:  $(cat /proc/loadavg)"
