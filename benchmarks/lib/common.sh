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
  echo "building benchmarks/target/benchmarks.jar (mvn -B -ntp -q -Dstyle.color=never -pl benchmarks -am package -DskipTests)..." >&2
  (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) >&2
}

# --- the reference at its best --------------------------------------------------------------------
# Debian's OpenBLAS 0.3.21 misdetects recent CPUs (a Xeon with AVX-512 as "Prescott", SSE3) and a
# machine's environment may pin a family (OPENBLAS_CORETYPE=Haswell on an AVX-512 CPU): either way
# the reference would run several times below its speed. select_reference measures SGEMM (n=1024,
# 1 thread) with every kernel family the CPU supports, and PyTorch's own ops with each ATen SIMD
# level, keeps the fastest, and appends the choice to the global array ref_env (arguments for
# `env`: OPENBLAS_CORETYPE=... or -u OPENBLAS_CORETYPE, the same for ATEN_CPU_CAPABILITY). Best of
# two probes per candidate; the probes go to stderr.
#   select_reference PYTHON COMPARE_TORCH_PY
probe_value() {  # probe_value KIND ENV... : the PROBE value of KIND (sgemm GFLOP/s, aten ms), best of 2
  local kind=$1; shift
  local best="" v i
  for i in 1 2; do
    v=$(env "$@" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$probe_script" --probe 2>/dev/null \
        | awk -F'\t' -v k="$kind" '$1 == "PROBE" && $2 == k { print $3 "\t" $4 }')
    [[ -z $v ]] && continue
    if [[ -z $best ]] || awk -v a="${v#*$'\t'}" -v b="${best#*$'\t'}" -v k="$kind" \
         'BEGIN { exit !(k == "sgemm" ? a > b : a < b) }'; then best=$v; fi
  done
  echo "$best"
}
select_reference() {
  python=$1 probe_script=$2
  flags=" $(grep -m1 -E '^(flags|Features)' /proc/cpuinfo | cut -d: -f2-) "
  cores=("-" "${OPENBLAS_CORETYPE:--}")   # "-": let OpenBLAS detect the CPU
  [[ $flags == *" avx2 "* ]] && cores+=(Haswell Zen)
  [[ $flags == *" avx512f "* ]] && cores+=(SkylakeX)
  [[ $flags == *" avx512_bf16 "* ]] && cores+=(Cooperlake)
  mapfile -t cores < <(printf '%s\n' "${cores[@]}" | awk '!seen[$0]++')
  best_core="" best_gflops=0
  for c in "${cores[@]}"; do
    if [[ $c == - ]]; then e=(-u OPENBLAS_CORETYPE); else e=(OPENBLAS_CORETYPE="$c"); fi
    r=$(probe_value sgemm "${e[@]}")
    [[ -z $r ]] && continue
    echo "reference probe: OPENBLAS_CORETYPE=${c/#-/(unset)} -> OpenBLAS ${r%%$'\t'*}, SGEMM n=1024 ${r#*$'\t'} GFLOP/s" >&2
    if awk -v a="${r#*$'\t'}" -v b="$best_gflops" 'BEGIN { exit !(a > b) }'; then best_core=$c; best_gflops=${r#*$'\t'}; fi
  done
  if [[ $best_core == - ]]; then ref_env+=(-u OPENBLAS_CORETYPE); elif [[ -n $best_core ]]; then ref_env+=(OPENBLAS_CORETYPE="$best_core"); fi
  caps=("-")
  [[ $flags == *" avx2 "* ]] && caps+=(avx2)
  [[ $flags == *" avx512f "* ]] && caps+=(avx512)
  best_cap="" best_ms=""
  for c in "${caps[@]}"; do
    if [[ $c == - ]]; then e=(-u ATEN_CPU_CAPABILITY); else e=(ATEN_CPU_CAPABILITY="$c"); fi
    r=$(probe_value aten "${ref_env[@]}" "${e[@]}")
    [[ -z $r ]] && continue
    echo "reference probe: ATEN_CPU_CAPABILITY=${c/#-/(unset)} -> ${r%%$'\t'*}, add+exp+softmax ${r#*$'\t'} ms" >&2
    if [[ -z $best_ms ]] || awk -v a="${r#*$'\t'}" -v b="$best_ms" 'BEGIN { exit !(a < b) }'; then best_cap=$c; best_ms=${r#*$'\t'}; fi
  done
  if [[ $best_cap == - ]]; then ref_env+=(-u ATEN_CPU_CAPABILITY); elif [[ -n $best_cap ]]; then ref_env+=(ATEN_CPU_CAPABILITY="$best_cap"); fi
}
