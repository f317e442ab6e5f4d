#!/usr/bin/env bash
# The radon kernel in steady state (JMH RadonBenchmark, ROI 1 of the real capillary) against the Python
# reference, in one run: one-thread rows and Python pinned to one core (taskset -c 0), two-thread rows on
# two cores, each JMH configuration in its own fork, taking turns with Python; prints medians.
# Usage: kymflow-bench/run-radon-kernel.sh [ROUNDS] [PYTHON_WINDOWS]   (defaults 3 and 1000)
# Needs: taskset (util-linux), python3-skimage, ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
rounds="${1:-3}"
windows="${2:-1000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mvn -B -q install -DskipTests
cp="kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)"
for r in $(seq "$rounds"); do
  for kernel in vector scalar; do
    for parallel in false true; do
      pin=(taskset -c 0)
      if [ "$parallel" = true ]; then pin=(); fi
      "${pin[@]}" java -Dkymflow.shared.data="$data" -cp "$cp" org.openjdk.jmh.Main RadonBenchmark \
        -p kernel="$kernel" -p parallel="$parallel" -rf json -rff "$out/jmh-$kernel-$parallel-$r.json" > /dev/null
    done
  done
  taskset -c 0 /usr/bin/python3 kymflow-bench/python/radon_reference.py "$data" "$windows" > "$out/python-$r.json"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
print("RadonBenchmark.roi1 (7,497 windows), single-shot ms: median of all measured iterations (per-fork medians)")
for kernel in ("vector", "scalar"):
    for par in ("false", "true"):
        runs = [json.load(open("%s/jmh-%s-%s-%d.json" % (out, kernel, par, r)))[0]["primaryMetric"]["rawData"][0]
                for r in range(1, rounds + 1)]
        every = [x for run in runs for x in run]
        print("  %-6s %-24s %6.0f ms = %.3f ms/window  (forks %s)" % (
            kernel, "2 threads" if par == "true" else "1 thread, pinned to 1 core", statistics.median(every),
            statistics.median(every) / 7497, [round(statistics.median(run)) for run in runs]))
py = [json.load(open("%s/python-%d.json" % (out, r)))["seconds_per_window"] * 1000 for r in range(1, rounds + 1)]
print("Python reference (scikit-image), pinned to 1 core: %s ms/window, median %.2f" % (
    ["%.2f" % p for p in py], statistics.median(py)))
PY
