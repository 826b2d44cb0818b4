#!/usr/bin/env bash
# Fails when the optimised .wasm of the npm package is over its size budget:
# 160 KB raw or 64 KB gzipped (gzip -9). Prints both sizes. Needs pkg/ (scripts/build-pkg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=${1:-pkg/checkout_benefits_bg.wasm}
MAX_RAW=$((160 * 1024))
MAX_GZ=$((64 * 1024))

if [ ! -f "$WASM" ]; then
  echo "check-size: $WASM not found (build the package first: bash scripts/build-pkg.sh)" >&2
  exit 1
fi
raw=$(stat -c %s "$WASM")
gz=$(gzip -9 -c "$WASM" | wc -c)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
status=0
verdict() { if [ "$1" -le "$2" ]; then echo ok; else echo "OVER BUDGET"; status=1; fi; }
printf '%s raw:     %7d bytes (%s), budget %d bytes (160 KB): %s\n' "$WASM" "$raw" "$(kb "$raw")" "$MAX_RAW" "$(verdict "$raw" "$MAX_RAW")"
printf '%s gzipped: %7d bytes (%s), budget %d bytes (64 KB): %s\n' "$WASM" "$gz" "$(kb "$gz")" "$MAX_GZ" "$(verdict "$gz" "$MAX_GZ")"
[ "$raw" -le "$MAX_RAW" ] && [ "$gz" -le "$MAX_GZ" ] || status=1
exit $status
