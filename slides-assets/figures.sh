#!/usr/bin/env bash
# Regenerates the course figures (SVG) from live containers: sudo slides-assets/figures.sh [--root DIR] [--out DIR]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$here/.mvn/find-java"
(cd "$here" && ./mvnw -q -B -o -DskipTests -pl slides-assets -am install >/dev/null)
cp="$here/slides-assets/target/classes:$(cd "$here" && ./mvnw -q -B -o -pl slides-assets dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.glassbox.slides.figures.Figures "$@"
