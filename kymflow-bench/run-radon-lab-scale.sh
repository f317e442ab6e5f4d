#!/usr/bin/env bash
# Radon at lab scale, side by side: COPIES copies of the real capillary in one dataset, the whole
# `kymflow index radon --threads 1 --mode replace` process pinned to one core (taskset -c 0), against the
# Python reference (scikit-image radon, PYTHON_WINDOWS windows of ROI 1 timed) on the same core, taking
# turns RUNS times in one run. With BASELINE=/path/to/another/checkout its `kymflow` takes its turn too,
# so two builds compare under the same moods of a noisy machine. Prints medians and the ratios.
# Usage: [BASELINE=DIR] kymflow-bench/run-radon-lab-scale.sh [COPIES] [RUNS] [PYTHON_WINDOWS]   (defaults 10, 3, 1000)
# Needs: taskset (util-linux), python3-skimage, ../shared/data. About 2 minutes per run at 10 copies.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
copies="${1:-10}"
runs="${2:-3}"
windows="${3:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
for i in $(seq -w 1 "$copies"); do
  for ext in tif txt json; do ln -s "$data/Capillary1_0001.$ext" "$work/in/cap$i.$ext"; done
done
builds=("$(pwd)")
if [ -n "${BASELINE:-}" ]; then builds+=("$(cd "$BASELINE" && pwd)"); fi
for b in "${builds[@]}"; do
  "$b/kymflow" ingest "$work/lab-$(basename "$b").zarr" "$work/in" > /dev/null
  "$b/kymflow" index "$work/lab-$(basename "$b").zarr" radon --threads 1 > /dev/null # warms the class-data archive
done
declare -A times
python_ms=()
for i in $(seq "$runs"); do
  for b in "${builds[@]}"; do
    start=$(date +%s%N)
    taskset -c 0 "$b/kymflow" index "$work/lab-$(basename "$b").zarr" radon --threads 1 --mode replace > /dev/null 2>&1
    times[$b]="${times[$b]:-} $(( ($(date +%s%N) - start) / 1000000 ))"
  done
  python_ms+=("$(taskset -c 0 /usr/bin/python3 kymflow-bench/python/radon_reference.py "$data" "$windows" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_window"] * 1000)')")
done
for b in "${builds[@]}"; do
  /usr/bin/python3 - "$b" "${times[$b]}" "${python_ms[*]}" "$copies" <<'PY'
import statistics, sys
build, java, py, copies = sys.argv[1], [int(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()], int(sys.argv[4])
windows = 16241 * copies  # ROIs 1-3 of the real capillary, per copy
jm, pm = statistics.median(java), statistics.median(py)
print("%s: %d copies (%d windows), whole process, 1 core: runs %s ms, median %.1f s = %.4f ms/window"
      % (build, copies, windows, java, jm / 1000, jm / windows))
print("  Python reference (scikit-image radon), 1 core: runs %s ms/window, median %.2f" % (["%.2f" % p for p in py], pm))
print("  ratio: %.0fx (paired: %s)" % (pm / (jm / windows), ["%.0fx" % (p / (j / windows)) for j, p in zip(java, py)]))
PY
done
