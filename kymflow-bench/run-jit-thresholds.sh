#!/usr/bin/env bash
# The launchers' -XX:CompileThresholdScaling=4 against other values, whole `kymflow index` processes, medians of
# RUNS taking turns: radon --mode replace on the real capillary pinned to one core (1x, 2x, 4x, 8x) and on two
# cores (1x, 4x), on 100 synthetic images on two cores (1x, 4x), and with nothing stale on one core (1x, 4x).
# KYMFLOW_JAVA_OPTS comes after the launcher's own flag, so it sets the value tried.
# Usage: kymflow-bench/run-jit-thresholds.sh [RUNS]   (default 3). Needs taskset and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
# shellcheck source=kymflow-bench/bench-datasets.sh
. kymflow-bench/bench-datasets.sh  # data, work, and the two datasets
ms() { local scale=$1 s; shift; s=$(date +%s%N); KYMFLOW_JAVA_OPTS="-XX:CompileThresholdScaling=$scale" "$@" > /dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
# each value is a different KYMFLOW_JAVA_OPTS, so the launcher makes a class-data archive for it on first use:
# made here, untimed, as a user's first command would make it
for x in 1 2 4 8; do ms $x ./kymflow status "$work/cap.zarr" > /dev/null; done
declare -A t
for i in $(seq "$runs"); do
  for x in 1 2 4 8; do t[one,$x]+=" $(ms $x taskset -c 0 ./kymflow index "$work/cap.zarr" radon --threads 1 --mode replace)"; done
  for x in 1 4; do
    t[two,$x]+=" $(ms $x ./kymflow index "$work/cap.zarr" radon --mode replace)"
    t[lab,$x]+=" $(ms $x ./kymflow index "$work/lab.zarr" radon --mode replace --threads 2)"
    t[noop,$x]+=" $(ms $x taskset -c 0 ./kymflow index "$work/cap.zarr" radon --threads 1)"
  done
done
/usr/bin/python3 - "$runs" "${t[one,1]}" "${t[one,2]}" "${t[one,4]}" "${t[one,8]}" "${t[two,1]}" "${t[two,4]}" \
  "${t[lab,1]}" "${t[lab,4]}" "${t[noop,1]}" "${t[noop,4]}" <<'PY'
import statistics, sys
runs, *cells = sys.argv[1:]
m = [statistics.median(int(x) for x in c.split()) / 1000 for c in cells]
print("median of %s runs each, whole process, seconds (runs in ms)" % runs)
print("capillary, one core:       1x %.2f  2x %.2f  4x %.2f  8x %.2f" % tuple(m[0:4]))
print("capillary, two cores:      1x %.2f  4x %.2f" % tuple(m[4:6]))
print("100 synthetic, two cores:  1x %.2f  4x %.2f" % tuple(m[6:8]))
print("nothing stale, one core:   1x %.2f  4x %.2f" % tuple(m[8:10]))
print("runs:", cells)
PY
