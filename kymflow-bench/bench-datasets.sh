# Sourced, from the project root, by kymflow-bench's run-*.sh scripts that time whole `kymflow` processes
# on two datasets. Sets `data` (../shared/data, or KYMFLOW_SHARED_DATA) and `work` (a scratch folder removed
# on exit), installs the project (so that the timed runs do not build), then makes $work/cap.zarr (the real
# capillary) and $work/lab.zarr (100 synthetic images of 1000 lines), each ingested and indexed once, as a
# lab's datasets would be before a rerun.
data="${KYMFLOW_SHARED_DATA:-$(pwd)/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -B -q install -DskipTests
touch kymflow-cli/target/.kymflow-built
mkdir "$work/cap"
for f in Capillary1_0001.tif Capillary1_0001.txt Capillary1_0001.json; do ln -s "$data/$f" "$work/cap/$f"; done
./kymflow ingest "$work/cap.zarr" "$work/cap" > /dev/null 2>&1
java -cp "kymflow-bench/target/classes:$(cat kymflow-bench/target/classpath.txt)" org.kymflow.bench.SyntheticLab "$work/src" 100 1000 32 > /dev/null
./kymflow ingest "$work/lab.zarr" "$work/src" > /dev/null 2>&1
./kymflow index "$work/cap.zarr" radon > /dev/null 2>&1
./kymflow index "$work/lab.zarr" radon > /dev/null 2>&1
