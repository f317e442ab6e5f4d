#!/usr/bin/env bash
# The heart rate of one trace (ROI 1 of the real capillary, 7,497 windows) against the Python steps, in one
# run on one core (taskset -c 0), taking turns: JMH HeartRateBenchmark (both methods and the refined peak)
# and kymflow-bench/python/heart_rate_reference.py (Debian's scipy); prints medians and the ratio.
# Usage: kymflow-bench/run-heart-rate.sh [ROUNDS]   (default 3). Needs: taskset, python3-scipy, ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
rounds="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mvn -B -q install -DskipTests
cp="kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)"
for r in $(seq "$rounds"); do
  taskset -c 0 java -Dkymflow.shared.data="$data" -cp "$cp" org.openjdk.jmh.Main HeartRateBenchmark -rf json \
    -rff "$out/jmh-$r.json" > /dev/null
  taskset -c 0 /usr/bin/python3 kymflow-bench/python/heart_rate_reference.py "$data" 20 > "$out/python-$r.json"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
java = [json.load(open("%s/jmh-%d.json" % (out, r)))[0]["primaryMetric"]["score"] for r in range(1, rounds + 1)]
py = [json.load(open("%s/python-%d.json" % (out, r)))["ms_per_trace"] for r in range(1, rounds + 1)]
jm, pm = statistics.median(java), statistics.median(py)
print("HeartRateBenchmark.roi1, 1 core: %s ms, median %.2f ms per trace" % (["%.2f" % j for j in java], jm))
print("Python steps (scipy), 1 core: %s ms, median %.2f ms per trace" % (["%.2f" % p for p in py], pm))
print("ratio: %.1fx" % (pm / jm))
PY
