#!/usr/bin/env bash
# Fuzz the NIfTI header parser + decode path with libFuzzer (swiftc -sanitize=fuzzer,address).
#
#   Tests/Fuzz/run.sh [SECONDS=60] [extra libFuzzer flags...]
#
# Compiles Sources/RWSystem, RWVolume, RWZlib and RWNIfTI with the harness into .build-fuzz/fuzz-nifti,
# seeds Tests/Fuzz/corpus/ from Tests/Fixtures/conformance (vendored) (small files) and a few synthetic
# files, then runs for SECONDS. Crashes are written as Tests/Fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-60}"; shift || true
OUT=.build-fuzz
mkdir -p "$OUT" Tests/Fuzz/corpus
SAN="-sanitize=fuzzer,address"
FLAGS=(-O -g -parse-as-library -swift-version 6 $SAN)

# The harness's module and the targets it depends on, in dependency order (as in Package.swift).
# Each is compiled alone (whole module) with the sanitizers, then linked with the harness.
INC=(-I "$OUT" -I Sources/CRWZlib -I Sources/CDeflate)
OBJS=()
for M in RWSystem RWVolume RWZlib RWNIfTI; do
  swiftc "${FLAGS[@]}" -module-name "$M" "${INC[@]}" -emit-module \
    -emit-module-path "$OUT/$M.swiftmodule" -wmo -c Sources/"$M"/*.swift -o "$OUT/$M.o"
  OBJS+=("$OUT/$M.o")
done
swiftc "${FLAGS[@]}" -module-name FuzzNIfTI "${INC[@]}" Tests/Fuzz/FuzzHeader.swift "${OBJS[@]}" \
  -lz -ldeflate -o "$OUT/fuzz-nifti"

# Seeds: small conformance files (plain and gzipped), once.
if [ -z "$(ls -A Tests/Fuzz/corpus)" ]; then
  find Tests/Fixtures/conformance Tests/Fixtures/conformance-extra -type f \( -name '*.nii' -o -name '*.gz' -o -name '*.hdr' \) -size -200k \
    -exec cp {} Tests/Fuzz/corpus/ \;
  # Header-only prefixes give the fuzzer short, valid starting points.
  for f in Tests/Fuzz/corpus/*.nii; do head -c 600 "$f" > "$f.head"; done
fi

exec "$OUT/fuzz-nifti" Tests/Fuzz/corpus -max_total_time="$SECS" -max_len=16384 -rss_limit_mb=2048 \
  -timeout=10 -artifact_prefix=Tests/Fuzz/crash- -print_final_stats=1 "$@"
