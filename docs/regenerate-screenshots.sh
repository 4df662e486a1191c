#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png under Xvfb: every page of the lab app on a real engine
# (temporary root, its own bridge and cgroup parent), the Exercises page checking s1-limits
# before and after it is solved, and the Quiz page during and after an attempt.
# Needs root (the engine) and xvfb-run: sudo docs/regenerate-screenshots.sh
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$here"
. .mvn/find-java
export CI=true # the root-only tests run instead of skipping
xvfb-run -a -s "-screen 0 1400x900x24" ./mvnw -q -B -pl lab-app -am test \
  -Dtest='LabScreenshotsTest,ExercisesPageTest,QuizScreenshotTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dprism.order=sw \
  -Dglassbox.screenshots="$here/docs/screenshots" \
  -Dglassbox.screenshot="$here/docs/screenshots/quiz.png"
ls -l "$here"/docs/screenshots/*.png
