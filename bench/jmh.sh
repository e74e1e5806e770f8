#!/usr/bin/env bash
# Builds and runs the JMH component benchmarks with settings short enough for a 2-core machine,
# measures the machine's limits with openssl, zstd and a C build of the chunker loop, and prints a
# Markdown table (MB/s = 10^6 bytes/s) for docs/benchmarks.md.
#
# Usage: bench/jmh.sh [extra JMH options or a benchmark regex, e.g. Chunker]
# Output: the table on stdout; raw results in bench/jmh/target/ (jmh.json, limits.txt, jmh.log).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME
out=bench/jmh/target
jar=$out/benchmarks.jar

mkdir -p $out
if ! mvn -q -pl core,bench/jmh package -DskipTests > $out/build.log 2>&1; then
  grep -v -i 'unsafe' $out/build.log >&2; echo "build failed" >&2; exit 1
fi

# --- machine limits (single core, 1 MiB buffers like the JMH inputs) ---
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$jar" "$tmp/benchmarks.jar" # a rebuild in the work tree during the run must not pull the jar away
jar=$tmp/benchmarks.jar
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.holdfast.bench.Samples text "$tmp/text.bin"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.holdfast.bench.Samples random "$tmp/random.bin"

openssl_mbs() { # openssl speed -mr prints "+F:n:name:bytes_per_second" for the one buffer size
  openssl speed -seconds 2 -bytes 1048576 -mr "$@" 2>/dev/null | awk -F: '/^\+F:/ {printf "%.0f\n", $4 / 1e6}'
}
zstd_b3() { # zstd -b3 -q prints "-3  151913 (6.902) 361.07 MB/s 1833.9 MB/s  FILE": compress, decompress
  zstd -b3 -i3 -q "$1" 2>/dev/null | awk '$1 == "-3" {print $4, $6}'
}
LIMIT_SHA256=$(openssl_mbs -evp sha256 || true)
LIMIT_GCM_ENC=$(openssl_mbs -evp aes-256-gcm || true)
LIMIT_GCM_DEC=$(openssl_mbs -decrypt -evp aes-256-gcm || true)
read -r LIMIT_ZSTD_C LIMIT_ZSTD_D < <(zstd_b3 "$tmp/text.bin" || true) || true
read -r LIMIT_ZSTD_C_RANDOM _ < <(zstd_b3 "$tmp/random.bin" || true) || true
LIMIT_GEAR= LIMIT_GEAR_SMALL=
if command -v gcc >/dev/null && gcc -O3 -march=native -o "$tmp/gear" bench/jmh/native/gear.c; then
  LIMIT_GEAR=$("$tmp/gear" 2>/dev/null)
  LIMIT_GEAR_SMALL=$("$tmp/gear" 2048 8192 65536 2>/dev/null)
fi
export LIMIT_SHA256 LIMIT_GCM_ENC LIMIT_GCM_DEC LIMIT_ZSTD_C LIMIT_ZSTD_D LIMIT_ZSTD_C_RANDOM LIMIT_GEAR LIMIT_GEAR_SMALL
env | grep '^LIMIT_' | sort > $out/limits.txt

# --- JMH: one fork, 2 x 1 s warm-up, 3 x 2 s measurement ---
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.holdfast.bench.Run \
  -f 1 -wi 2 -w 1s -i 3 -r 2s -rf json -rff $out/jmh.json "$@" > $out/jmh.log 2>&1 || {
  tail -40 $out/jmh.log >&2; exit 1; }
grep -E '^# text sample' $out/jmh.log | head -1
sed -n '/^| component/,$p' $out/jmh.log
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "limits: $(tr '\n' ' ' < $out/limits.txt)"
