#!/usr/bin/env bash
# radon's accuracy on red-cell scans of known flow, faithful and with refine (RadonAccuracy), then the time
# refine adds: JMH RadonBenchmark on ROI 1 of the real capillary, one core (taskset -c 0), refine off and on
# taking turns for ROUNDS rounds; prints the table and the medians.
# Usage: kymflow-bench/run-radon-accuracy.sh [ROUNDS]   (default 3). Needs: taskset (util-linux), ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
rounds="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mvn -B -q install -DskipTests
cp="kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)"
java -cp "$cp" org.kymflow.builtin.radon.RadonAccuracy
for r in $(seq "$rounds"); do
  for refine in false true; do
    taskset -c 0 java -Dkymflow.shared.data="$data" -cp "$cp" org.openjdk.jmh.Main RadonBenchmark \
      -p kernel=vector -p parallel=false -p refine="$refine" -rf json -rff "$out/jmh-$refine-$r.json" > /dev/null
  done
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
med = {}
for refine in ("false", "true"):
    every = [x for r in range(1, rounds + 1)
             for x in json.load(open("%s/jmh-%s-%d.json" % (out, refine, r)))[0]["primaryMetric"]["rawData"][0]]
    med[refine] = statistics.median(every)
    print("RadonBenchmark.roi1, one core, refine=%s: median %.0f ms" % (refine, med[refine]))
print("refine / faithful time: %.3fx" % (med["true"] / med["false"]))
PY
