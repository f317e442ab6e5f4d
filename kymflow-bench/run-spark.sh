#!/usr/bin/env bash
# Spark against the single-machine runner (issue 13): radon over a 100-image synthetic dataset with
# `kymflow index --threads 2`, `kymflow-spark.sh --master local[1]` and `local[2]`, whole processes, medians
# of 3. Per-image throughput is the slope between the 100-image dataset and its first half (50 images),
# which cancels every fixed cost (JVM, Spark's start, staleness). Then the real capillary with
# `kymflow index` and `kymflow-spark.sh local[2]`: Spark's fixed cost on one image. Throughput is also given
# net of each runner's fixed cost (its run with nothing stale): images / (time - fixed cost).
# Usage: kymflow-bench/run-spark.sh [IMAGES] [LINES] [RUNS]   (defaults 100, 1000 and 3). Needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
images="${1:-100}"
lines="${2:-1000}"
runs="${3:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -B -q install -DskipTests
touch kymflow-cli/target/.kymflow-built kymflow-spark/target/.kymflow-built
java -cp "kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)" org.kymflow.bench.SyntheticLab "$work/src" "$images" "$lines" 32
./kymflow ingest "$work/lab.zarr" "$work/src" > /dev/null
./kymflow index "$work/lab.zarr" radon > /dev/null   # warm the page cache and the fingerprints
half=$((images / 2))
mkdir "$work/src-half"
for f in $(ls "$work/src" | sort | head -n $((half * 3))); do ln -s "$work/src/$f" "$work/src-half/$f"; done  # .json .tif .txt per image
./kymflow ingest "$work/half.zarr" "$work/src-half" > /dev/null
./kymflow index "$work/half.zarr" radon > /dev/null
ms() { local s; s=$(date +%s%N); "$@" > "$work/last.out" 2>&1 || { cat "$work/last.out" >&2; return 1; }; echo $(( ($(date +%s%N) - s) / 1000000 )); }
median3() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }  # the median of an odd count
one=(); two=(); single=(); hsingle=(); htwo=()
for i in $(seq "$runs"); do
  single+=("$(ms ./kymflow index "$work/lab.zarr" radon --mode replace --threads 2)")
  one+=("$(ms ./kymflow-spark.sh "$work/lab.zarr" radon --mode replace --master 'local[1]')")
  two+=("$(ms ./kymflow-spark.sh "$work/lab.zarr" radon --mode replace --master 'local[2]')")
  hsingle+=("$(ms ./kymflow index "$work/half.zarr" radon --mode replace --threads 2)")
  htwo+=("$(ms ./kymflow-spark.sh "$work/half.zarr" radon --mode replace --master 'local[2]')")
done
snoop=("$(ms ./kymflow index "$work/lab.zarr" radon --threads 2)" "$(ms ./kymflow index "$work/lab.zarr" radon --threads 2)" "$(ms ./kymflow index "$work/lab.zarr" radon --threads 2)")
noop=("$(ms ./kymflow-spark.sh "$work/lab.zarr" radon --master 'local[2]')" "$(ms ./kymflow-spark.sh "$work/lab.zarr" radon --master 'local[2]')" "$(ms ./kymflow-spark.sh "$work/lab.zarr" radon --master 'local[2]')")
echo "$images images x $lines lines x 32 pixels, radon --mode replace, whole process, median of $runs (runs in ms):"
echo "  kymflow index --threads 2:  $(median3 "${single[@]}") ms   (${single[*]})"
echo "  kymflow-spark local[1]:     $(median3 "${one[@]}") ms   (${one[*]})"
echo "  kymflow-spark local[2]:     $(median3 "${two[@]}") ms   (${two[*]})"
echo "  nothing stale (fixed cost): kymflow index $(median3 "${snoop[@]}") ms (${snoop[*]}), kymflow-spark local[2] $(median3 "${noop[@]}") ms (${noop[*]})"
echo "  the first $half images: kymflow index --threads 2 $(median3 "${hsingle[@]}") ms (${hsingle[*]}), kymflow-spark local[2] $(median3 "${htwo[@]}") ms (${htwo[*]})"
s1=$(median3 "${single[@]}"); sh=$(median3 "${hsingle[@]}"); p2=$(median3 "${two[@]}"); ph=$(median3 "${htwo[@]}")
ts=$(echo "scale=1; ($images - $half) * 1000 / ($s1 - $sh)" | bc); tp=$(echo "scale=1; ($images - $half) * 1000 / ($p2 - $ph)" | bc)
echo "  per-image throughput (slope from $half to $images images): one machine $ts/s, local[2] $tp/s = $(echo "scale=0; 100 * $tp / $ts" | bc)%"
fs=$(median3 "${snoop[@]}"); fp=$(median3 "${noop[@]}")
for n in "$images $s1 $p2" "$half $sh $ph"; do
  set -- $n
  ns=$(echo "scale=1; $1 * 1000 / ($2 - $fs)" | bc); np=$(echo "scale=1; $1 * 1000 / ($3 - $fp)" | bc)
  echo "  per-image throughput net of fixed cost, $1 images: one machine $ns/s, local[2] $np/s = $(echo "scale=0; 100 * $np / $ns" | bc)%"
done
mkdir "$work/cap"
for f in Capillary1_0001.tif Capillary1_0001.txt Capillary1_0001.json; do ln -s "$data/$f" "$work/cap/$f"; done
./kymflow ingest "$work/cap.zarr" "$work/cap" > /dev/null
c1=(); c2=()
for i in 1 2 3; do
  c1+=("$(ms ./kymflow index "$work/cap.zarr" radon --mode replace --threads 2)")
  c2+=("$(ms ./kymflow-spark.sh "$work/cap.zarr" radon --mode replace --master 'local[2]')")
done
echo "real capillary (1 image, 16,241 windows), radon --mode replace, median of 3:"
echo "  kymflow index --threads 2:  $(median3 "${c1[@]}") ms   (${c1[*]})"
echo "  kymflow-spark local[2]:     $(median3 "${c2[@]}") ms   (${c2[*]})"
