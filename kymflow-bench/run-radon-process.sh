#!/usr/bin/env bash
# The whole `kymflow index radon --threads 1` process against the Python reference, both pinned to one
# core (taskset -c 0), taking turns in one run on one machine; prints medians and the ratio.
# Usage: kymflow-bench/run-radon-process.sh [RUNS] [PYTHON_WINDOWS]   (defaults 5 and 1000)
# Needs: taskset (util-linux), python3-skimage, ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
runs="${1:-5}"
windows="${2:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
for f in Capillary1_0001.tif Capillary1_0001.txt Capillary1_0001.json; do ln -s "$data/$f" "$work/in/$f"; done
./kymflow ingest "$work/lab.zarr" "$work/in" > /dev/null
java_times=()
python_ms=()
# Java and Python take turns, so that both see the same moods of a noisy machine
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  taskset -c 0 ./kymflow index "$work/lab.zarr" radon --threads 1 --mode replace > /dev/null 2>&1  # every run computes every window
  java_times+=($(( ($(date +%s%N) - start) / 1000000 )))
  python_ms+=("$(taskset -c 0 /usr/bin/python3 kymflow-bench/python/radon_reference.py "$data" "$windows" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_window"] * 1000)')")
done
/usr/bin/python3 - "${java_times[*]}" "${python_ms[*]}" "$windows" <<'PY'
import statistics, sys
java = [int(x) for x in sys.argv[1].split()]
py = [float(x) for x in sys.argv[2].split()]
windows = 16241  # ROIs 1-3 of the real capillary
jm, pm = statistics.median(java), statistics.median(py)
print("kymflow index radon --threads 1, whole process, 1 core: runs %s ms, median %d ms = %.3f ms/window" % (java, jm, jm / windows))
print("Python reference (scikit-image radon, %s windows timed), 1 core: runs %s ms/window, median %.2f ms/window" % (sys.argv[3], ["%.2f" % p for p in py], pm))
print("ratio: Java is %.0fx faster per window" % (pm / (jm / windows)))
PY
