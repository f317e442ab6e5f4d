# Sourced by ./kymflow and ./kymflow-spark.sh: one Maven build serves both launchers.
# kymflow_ensure_built ROOT NAME builds the project (install, no tests) on first use and again when a source
# or pom is newer than the last build. Maven's output goes to target/kymflow-build.log and is shown, without
# colour codes, only when the build fails.
kymflow_ensure_built() {
  root="$1"
  name="$2"
  stamp="$root/target/.kymflow-built"
  if [ -f "$stamp" ] && [ -f "$root/kymflow-cli/target/classpath.txt" ] && [ -f "$root/kymflow-spark/target/classpath.txt" ] \
     && [ -z "$(find "$root" \( -name target -o -name .git -o -name node_modules -o -name 'kymflow-demo*' \) -prune \
          -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "$name: building (first run or sources changed; about 20 s, longer while Maven downloads its dependencies)..." >&2
  mkdir -p "$root/target"
  log="$root/target/kymflow-build.log"
  if ! (cd "$root" && mvn -B -q -Dstyle.color=never install -DskipTests) > "$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" >&2
    echo "$name: the build failed (the log above is also in $log)" >&2
    exit 1
  fi
  rm -f "$root"/kymflow-cli/target/kymflow-*.jsa* # class data of the old build (see the launcher)
  touch "$stamp"
}
