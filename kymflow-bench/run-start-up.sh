#!/usr/bin/env bash
# What the launcher's class-data archive (AppCDS) is worth: whole `kymflow` processes, medians of RUNS taking
# turns, with it (as shipped) and without it (KYMFLOW_CDS=0). Commands: radon --mode replace on the real capillary pinned to
# one core and on two cores, on 100 synthetic images on two cores, radon with nothing stale on one core, and
# `status` on one core. The archive is made before the timed runs, as a user's first command makes it.
# Usage: kymflow-bench/run-start-up.sh [RUNS]   (default 3). Needs taskset and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
# shellcheck source=kymflow-bench/bench-datasets.sh
. kymflow-bench/bench-datasets.sh  # data, work, and the two datasets
variants=(shipped no-cds)
# runs one command under a variant's environment; prints its wall time in ms
ms() {
  local variant=$1 s
  shift
  local -a env=()
  case "$variant" in
    no-cds) env=(KYMFLOW_CDS=0) ;;
  esac
  s=$(date +%s%N)
  env "${env[@]}" "$@" > /dev/null 2>&1
  echo $(( ($(date +%s%N) - s) / 1000000 ))
}
ms shipped ./kymflow status "$work/cap.zarr" > /dev/null  # makes the archive
declare -A t
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    t[cap1,$v]+=" $(ms "$v" taskset -c 0 ./kymflow index "$work/cap.zarr" radon --threads 1 --mode replace)"
    t[cap2,$v]+=" $(ms "$v" ./kymflow index "$work/cap.zarr" radon --mode replace)"
    t[lab,$v]+=" $(ms "$v" ./kymflow index "$work/lab.zarr" radon --mode replace --threads 2)"
    t[noop,$v]+=" $(ms "$v" taskset -c 0 ./kymflow index "$work/cap.zarr" radon --threads 1)"
    t[status,$v]+=" $(ms "$v" taskset -c 0 ./kymflow status "$work/cap.zarr")"
  done
done
args=()
for row in cap1 cap2 lab noop status; do
  for v in "${variants[@]}"; do args+=("${t[$row,$v]}"); done
done
/usr/bin/python3 - "$runs" "${args[@]}" <<'PY'
import statistics, sys
runs, *cells = sys.argv[1:]
names = ["radon --mode replace, real capillary, one core", "radon --mode replace, real capillary, two cores",
         "radon --mode replace --threads 2, 100 synthetic images, two cores", "radon, nothing stale, one core",
         "status, one core"]
print("median of %s runs each, whole process, seconds: with the archive | without (KYMFLOW_CDS=0)" % runs)
for i, name in enumerate(names):
    m = [statistics.median(int(x) for x in c.split()) / 1000 for c in cells[2 * i:2 * i + 2]]
    print("%-68s %.2f | %.2f" % ((name,) + tuple(m)))
print("runs (ms):", cells)
PY
