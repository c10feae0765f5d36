# Shared by benchmarks/compare, benchmarks/run-jmh: locate a JDK >= 21 and build the jar.
# Sourced, not executed.

# Major version of a java binary ("17.0.15" -> 17, "1.8.0_392" -> 8), or nothing.
java_major() {
  local line
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "' || true)
  line=${line#*version \"}
  line=${line%%\"*}
  [[ $line == 1.* ]] && line=${line#1.}
  line=${line%%[!0-9]*}
  [[ -n $line ]] && echo "$line"
}

# Prints the java binary of the newest JDK >= 21 found: $ARABICA_JAVA (a java binary) if set,
# else $JAVA_HOME, /usr/lib/jvm/*, /opt/java/*, /opt/*jdk*, SDKMAN, ~/.jdks, and java on PATH
# (the places maven-toolchains-plugin's select-jdk-toolchain looks at too).
find_jdk() {
  if [[ -n ${ARABICA_JAVA:-} ]]; then
    local v; v=$(java_major "$ARABICA_JAVA")
    if [[ -n $v && $v -ge 21 ]]; then echo "$ARABICA_JAVA"; return 0; fi
    echo "ARABICA_JAVA=$ARABICA_JAVA is not a JDK >= 21" >&2; return 1
  fi
  local candidates=() best="" best_version=0 j v
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java
               "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java)
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for j in "${candidates[@]}"; do
    [[ -x $j ]] || continue
    v=$(java_major "$j") || continue
    [[ -n $v ]] || continue
    if (( v >= 21 && v > best_version )); then best=$j; best_version=$v; fi
  done
  if [[ -z $best ]]; then
    echo "no JDK >= 21 found (looked in \$JAVA_HOME, /usr/lib/jvm, /opt, SDKMAN, ~/.jdks, PATH); set ARABICA_JAVA=/path/to/bin/java" >&2
    return 1
  fi
  echo "$best"
}

# Builds benchmarks/target/benchmarks.jar (and the modules it needs) with Maven, quietly.
build_benchmarks_jar() {
  local root=$1
  echo "building benchmarks/target/benchmarks.jar (mvn -B -ntp -q -pl benchmarks -am package -DskipTests)..." >&2
  (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) >&2
}
