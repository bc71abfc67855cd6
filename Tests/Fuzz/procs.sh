#!/usr/bin/env bash
# Mutation fuzzing of the real binary: mutants of the vendored fixtures through `rwview info`,
# `info --json --stats`, `stats` (mutant as labels and as prediction), `maps` and `render`, one
# process per command with a time limit (see Tests/Fuzz/README.md).
#
#   Tests/Fuzz/procs.sh [SECONDS=1500] [OUT=/tmp/rwview-procs] [extra rwview-fuzz procs flags]
#
# Release build; runs under `nice -n 10`; prints a summary every minute and writes
# OUT/summary.txt; each finding's input, command line and stderr go to OUT/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-1500}"; shift || true
OUT="${1:-/tmp/rwview-procs}"; shift || true
swift build -c release --product rwview
swift build -c release --product rwview-fuzz
BIN=$(swift build -c release --show-bin-path)
rm -rf "$OUT"; mkdir -p "$OUT/seeds"
"$BIN/rwview-fuzz" seeds "$OUT/seeds"
# Every NIfTI fixture: conformance sets, real cases, samples, datasets (a .hdr brings its .img).
mapfile -t FILES < <(find Tests/Fixtures Samples "$OUT/seeds" -type f \
  \( -name '*.nii' -o -name '*.nii.gz' -o -name '*.hdr' -o -name '*.hdr.gz' \) | sort)
exec nice -n 10 "$BIN/rwview-fuzz" procs --rwview "$BIN/rwview" --out "$OUT" \
  --seconds "$SECS" --timeout 10 --max-memory 1G "$@" "${FILES[@]}"
