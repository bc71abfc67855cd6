#!/usr/bin/env bash
# Fuzz the NIfTI header parser + decode path with libFuzzer (swiftc -sanitize=fuzzer,address).
#
#   Tests/Fuzz/run.sh [SECONDS=60] [extra libFuzzer flags...]
#
# Compiles Sources/RWVolume and Sources/RWNIfTI with the harness into .build-fuzz/fuzz-nifti,
# seeds Tests/Fuzz/corpus/ from Tests/Fixtures/conformance (vendored) (small files) and a few synthetic
# files, then runs for SECONDS. Crashes are written as Tests/Fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-60}"; shift || true
OUT=.build-fuzz
mkdir -p "$OUT" Tests/Fuzz/corpus
SAN="-sanitize=fuzzer,address"
FLAGS=(-O -g -parse-as-library -swift-version 6 $SAN)

swiftc "${FLAGS[@]}" -module-name RWVolume -emit-module -emit-module-path "$OUT/RWVolume.swiftmodule" \
  -wmo -c Sources/RWVolume/*.swift -o "$OUT/RWVolume.o"
swiftc "${FLAGS[@]}" -module-name RWNIfTI -I "$OUT" -I Sources/CRWZlib -I Sources/CDeflate \
  -emit-module -emit-module-path "$OUT/RWNIfTI.swiftmodule" -wmo -c Sources/RWNIfTI/*.swift -o "$OUT/RWNIfTI.o"
swiftc "${FLAGS[@]}" -module-name FuzzNIfTI -I "$OUT" -I Sources/CRWZlib -I Sources/CDeflate \
  Tests/Fuzz/FuzzHeader.swift "$OUT/RWVolume.o" "$OUT/RWNIfTI.o" -lz -ldeflate -o "$OUT/fuzz-nifti"

# Seeds: small conformance files (plain and gzipped), once.
if [ -z "$(ls -A Tests/Fuzz/corpus)" ]; then
  find Tests/Fixtures/conformance Tests/Fixtures/conformance-extra -type f \( -name '*.nii' -o -name '*.gz' -o -name '*.hdr' \) -size -200k \
    -exec cp {} Tests/Fuzz/corpus/ \;
  # Header-only prefixes give the fuzzer short, valid starting points.
  for f in Tests/Fuzz/corpus/*.nii; do head -c 600 "$f" > "$f.head"; done
fi

exec "$OUT/fuzz-nifti" Tests/Fuzz/corpus -max_total_time="$SECS" -max_len=16384 -rss_limit_mb=2048 \
  -timeout=10 -artifact_prefix=Tests/Fuzz/crash- -print_final_stats=1 "$@"
