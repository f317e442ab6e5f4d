#!/usr/bin/env bash
# Lab-scale harness for incremental indexing (issue 9): whole `kymflow` processes with small heaps, wall
# times, medians of 3 where a step repeats. Prints a table for the README.
# Usage: kymflow-bench/run-lab-scale.sh [COPIES] [SYNTHETIC_IMAGES]   (defaults 30 and 1000)
# Needs ../shared/data (the real capillary). Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
copies="${1:-30}"
synthetic="${2:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -B -q install -DskipTests
k="$(pwd)/kymflow"
seconds() {
  local s e
  s=$(date +%s%N)
  "$@" > "$work/last.out" 2> "$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  e=$(date +%s%N)
  echo "scale=2; ($e - $s) / 1000000000" | bc
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

echo "== $copies copies of the real capillary (30000 x 38, 3 ROIs: 16,241 radon windows each)"
mkdir -p "$work/real"
for i in $(seq -w 1 "$copies"); do
  cp "$data/Capillary1_0001.tif" "$work/real/cap$i.tif"; cp "$data/Capillary1_0001.txt" "$work/real/cap$i.txt"; cp "$data/Capillary1_0001.json" "$work/real/cap$i.json"
done
export KYMFLOW_JAVA_OPTS=-Xmx128m
t_ingest=$(seconds "$k" ingest "$work/real.zarr" "$work/real")
t_first=$(seconds "$k" index "$work/real.zarr" radon)
rows=$("$k" info "$work/real.zarr" | awk '/kym_radon/ {print $2}')
export KYMFLOW_JAVA_OPTS=-Xmx64m
n1=$(seconds "$k" index "$work/real.zarr" radon); n2=$(seconds "$k" index "$work/real.zarr" radon); n3=$(seconds "$k" index "$work/real.zarr" radon)
t_noop=$(median3 "$n1" "$n2" "$n3")
grep -q "0 computed, $copies fresh" "$work/last.out" || { echo "no-op run computed something:"; cat "$work/last.out"; exit 1; }
id=$("$k" info "$work/real.zarr" > /dev/null; ls "$work/real.zarr/images" | grep -v '^\.' | sed -n 7p)
s1=$(seconds "$k" show "$work/real.zarr" kym_radon --image "$id" --limit 2); s2=$(seconds "$k" show "$work/real.zarr" kym_radon --image "$id" --limit 2); s3=$(seconds "$k" show "$work/real.zarr" kym_radon --image "$id" --limit 2)
t_show=$(median3 "$s1" "$s2" "$s3")
u1=$(seconds "$k" status "$work/real.zarr" radon); u2=$(seconds "$k" status "$work/real.zarr" radon); u3=$(seconds "$k" status "$work/real.zarr" radon)
t_status=$(median3 "$u1" "$u2" "$u3")
# one sidecar ROI edit and one changed TIFF
sed -i 's/"x1": 28/"x1": 27/' "$work/real/cap02.json"
/usr/bin/python3 - "$work/real/cap03.tif" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[-2] ^= 0x01  # one pixel of the last line: the same file size, other pixels
open(p, "wb").write(bytes(b))
PY
touch -d '+5 seconds' "$work/real/cap03.tif"
export KYMFLOW_JAVA_OPTS=-Xmx128m
"$k" ingest "$work/real.zarr" "$work/real" > "$work/reingest.out"
stale=$("$k" status "$work/real.zarr" radon --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["indexers"][0]["stale"])')
t_two=$(seconds "$k" index "$work/real.zarr" radon)
computed=$(grep -o '[0-9]* computed' "$work/last.out")
export KYMFLOW_JAVA_OPTS=-Xmx2g  # the comparison prints every row; the runs above used the small heaps
"$k" show "$work/real.zarr" kym_radon --csv --limit 100000000 > "$work/incremental.csv"
"$k" index "$work/real.zarr" radon --mode replace > /dev/null
"$k" show "$work/real.zarr" kym_radon --csv --limit 100000000 > "$work/replace.csv"
if cmp -s "$work/incremental.csv" "$work/replace.csv"; then same="equal row for row ($(wc -l < "$work/replace.csv") lines of CSV)"; else same="DIFFERENT"; fi
printf '| step | heap | time |\n|---|---|---|\n'
printf '| ingest %s files | 128 MB | %s s |\n' "$copies" "$t_ingest"
printf '| first `index radon` (%s rows) | 128 MB | %s s |\n' "$rows" "$t_first"
printf '| no-op `index radon` (median of 3) | 64 MB | %s s |\n' "$t_noop"
printf '| `show --image ID --limit 2` (median of 3) | 64 MB | %s s |\n' "$t_show"
printf '| `status radon` (median of 3) | 64 MB | %s s |\n' "$t_status"
printf '| after one ROI edit and one changed TIFF: stale images | | %s |\n' "$stale"
printf '| the update: %s | 128 MB | %s s |\n' "$computed" "$t_two"
printf '| incremental table vs `--mode replace` | | %s |\n' "$same"
echo "no-op speed-up: $(echo "scale=1; $t_first / $t_noop" | bc)x"

echo "== $synthetic synthetic images (2000 x 32, 1 ROI)"
java -cp "kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)" org.kymflow.bench.SyntheticLab "$work/syn" "$synthetic" 2000 32
export KYMFLOW_JAVA_OPTS=-Xmx256m
y_ingest=$(seconds "$k" ingest "$work/syn.zarr" "$work/syn")
y_first=$(seconds "$k" index "$work/syn.zarr" radon)
m1=$(seconds "$k" index "$work/syn.zarr" radon); m2=$(seconds "$k" index "$work/syn.zarr" radon); m3=$(seconds "$k" index "$work/syn.zarr" radon)
y_noop=$(median3 "$m1" "$m2" "$m3")
v1=$(seconds "$k" status "$work/syn.zarr" radon); v2=$(seconds "$k" status "$work/syn.zarr" radon); v3=$(seconds "$k" status "$work/syn.zarr" radon)
y_status=$(median3 "$v1" "$v2" "$v3")
printf '| step | time |\n|---|---|\n'
printf '| ingest | %s s |\n| first index radon | %s s |\n| no-op re-run (median of 3) | %s s |\n| status (median of 3) | %s s |\n' "$y_ingest" "$y_first" "$y_noop" "$y_status"
echo "no-op / first run: $(echo "scale=3; $y_noop / $y_first * 100" | bc) %"
