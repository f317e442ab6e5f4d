#!/usr/bin/env bash
# Measures KymFlow for Java against the Python stack in one run on one machine, and prints the ratios.
# Usage: kymflow-bench/run-side-by-side.sh [RADON_PYTHON_WINDOWS]   (default 1000 of ROI 1's 7497 windows)
# Needs: python3-zarr, python3-numcodecs, python3-skimage (apt-get install ...), ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
windows="${1:-1000}"
out="$(mktemp -d)"
mvn -B -q install -DskipTests
cp="kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)"
java -Dkymflow.shared.data="$data" -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$out/jmh.json" \
  'ArrayIoBenchmark|ReplaceRowsBenchmark|RadonBenchmark|PluginDiscoveryBenchmark' > "$out/jmh.log"
/usr/bin/python3 kymflow-bench/python/zarr_io.py 15 > "$out/zarr_io.json"
/usr/bin/python3 kymflow-bench/python/radon_reference.py "$data" "$windows" > "$out/radon.json"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
jmh = json.load(open(out + "/jmh.json"))
py = json.load(open(out + "/zarr_io.json"))
radon_py = json.load(open(out + "/radon.json"))
def median(b):
    return b["primaryMetric"]["scorePercentiles"]["50.0"]
res = {}
for b in jmh:
    name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
    res[(name, tuple(sorted(b.get("params", {}).items())))] = median(b)
print("\n== Zarr array I/O, Blosc zstd bitshuffle, median ms (ratio = Java / python3-zarr; target <= 1.5)")
for arr in ("kymograph_30000x38_uint16", "volume_64x256x256_uint8"):
    for op in ("write", "read"):
        j = res[("ArrayIoBenchmark." + op, (("array", arr),))]
        p = py[arr][op + "_ms"]
        print("  %-28s %-5s  Java %8.1f   Python %8.1f   ratio %.2f" % (arr, op, j, p, j / p))
print("\n== replaceRowsForImageIds, 10 of 1000 images, 10 columns, median ms")
for rows in ("250000", "500000", "1000000"):
    j = res[("ReplaceRowsBenchmark.replaceRowsOfTenImages", (("rows", rows),))]
    print("  %8s rows  %8.1f ms   %6.1f ns/row" % (rows, j, j * 1e6 / int(rows)))
print("\n== Radon velocity, ROI 1 (7497 windows of 16 x 38), median s")
for kernel in ("vector", "scalar"):
    for par in ("false", "true"):
        j = res[("RadonBenchmark.roi1", (("kernel", kernel), ("parallel", par), ("refine", "false")))] / 1000  # the faithful method
        print("  Java %-6s %-10s %6.2f s = %.3f ms/window" % (kernel, "2 threads" if par == "true" else "1 thread", j, j * 1000 / 7497))
print("  Python (scikit-image) %d windows in %.1f s = %.1f ms/window -> ROI 1 ~ %.0f s; its angles agree with the CSV in %.4f" % (
    radon_py["windows"], radon_py["seconds"], radon_py["seconds_per_window"] * 1000, radon_py["extrapolated_roi1_seconds"],
    radon_py["theta_agreement"]))
print("\n== Plugin discovery, 20 JARs and the built-ins, fresh JVM each time, median ms")
print("  %.0f ms" % res[("PluginDiscoveryBenchmark.discoverTwentyJars", ())])
PY
