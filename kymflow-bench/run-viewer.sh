#!/usr/bin/env bash
# The viewer's harness (issue 12): dataset-page API time for 1,000 and 5,000 images, page-usable time and
# scroll frame intervals in Debian's chromium, and kymograph tile time on the real capillary; medians.
# Usage: kymflow-bench/run-viewer.sh [WORK_FOLDER]   (the datasets are kept there for re-runs)
# Needs: chromium and chromium-driver (Debian), ../shared/data. The first run builds the datasets (~2 min).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
work="${1:-$(pwd)/kymflow-bench/target/viewer-harness}"
mkdir -p "$work"
mvn -B -q install -DskipTests
java -cp "kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)" org.kymflow.bench.ViewerHarness "$work" "$data"
