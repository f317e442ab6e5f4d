#!/usr/bin/env bash
# kymflow-spark: runs analyses over a dataset on Apache Spark (local[N] on this machine, or any master).
# (Named .sh because the kymflow-spark folder beside it is the module.) Builds the project on first use,
# and again when sources change. Extra JVM options: KYMFLOW_JAVA_OPTS. On a cluster use spark-submit
# (README, "Beyond one machine").
set -euo pipefail
self="$0"
while [ -L "$self" ]; do
  link="$(readlink "$self")"
  case "$link" in /*) self="$link" ;; *) self="$(dirname "$self")/$link" ;; esac
done
here="$(cd "$(dirname "$self")" && pwd)"
jar="$here/kymflow-spark/target/kymflow-spark-0.1.0-SNAPSHOT.jar"
cp_file="$here/kymflow-spark/target/classpath.txt"
spark_cp_file="$here/kymflow-spark/target/classpath-spark.txt"
. "$here/kymflow-build.sh"
kymflow_ensure_built "$here" kymflow-spark
java_bin="java"
if [ -n "${JAVA_HOME:-}" ]; then java_bin="$JAVA_HOME/bin/java"; fi
# The packages Spark needs opened on Java 17, as Spark's own launcher opens them.
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
# The radon kernel's Vector API path, as `kymflow index` runs it (the same bits either way); KYMFLOW_VECTOR=0 turns it off.
vector=""
help=""
for arg in "$@"; do
  case "$arg" in -h|--help|-V|--version) help=1 ;; esac
done
if [ "${KYMFLOW_VECTOR:-1}" != "0" ] && [ -z "$help" ]; then vector="--add-modules=jdk.incubator.vector"; fi
# JIT thresholds 4x the default, as `kymflow` runs: Spark's own briefly hot code stays with the quick compiler.
jit="-XX:CompileThresholdScaling=4"
set -f # options are split into words, never expanded as file names
# shellcheck disable=SC2086 # all hold several options on purpose
exec "$java_bin" $opens $vector $jit ${KYMFLOW_JAVA_OPTS:-} -cp "$jar:$(cat "$cp_file"):$(cat "$spark_cp_file")" org.kymflow.spark.KymflowSpark "$@"
