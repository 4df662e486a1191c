#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: the lab app on a real engine (temporary root) under Xvfb.
# Needs root (the engine) and xvfb-run: sudo docs/regenerate-screenshots.sh
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$here"
. .mvn/find-java
xvfb-run -a -s "-screen 0 1400x900x24" ./mvnw -q -B -pl lab-app -am test -Dtest='LabScreenshotsTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dprism.order=sw \
  -Dglassbox.screenshots="$here/docs/screenshots"
ls -l "$here"/docs/screenshots/*.png
