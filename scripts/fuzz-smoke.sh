#!/usr/bin/env bash
# Short fuzzing run of every cargo-fuzz target (fuzz/fuzz_targets/*).
#
#   bash scripts/fuzz-smoke.sh                 # 20 s per target
#   FUZZ_SECONDS=600 bash scripts/fuzz-smoke.sh  # a longer session
#   FUZZ_TARGETS="program" bash scripts/fuzz-smoke.sh
#
# Needs the nightly toolchain (installed by scripts/setup.sh when missing) and
# cargo-fuzz (installed here from crates.io when missing). Each target starts from
# the committed seeds in fuzz/seeds/<target>/ plus what earlier runs left in
# fuzz/corpus/<target>/. A crash leaves its input in fuzz/artifacts/<target>/ and
# fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_TARGETS="${FUZZ_TARGETS:-program quote_request quote_text}"
# The engine is safe Rust: no sanitizer by default (faster to build and to run);
# FUZZ_SANITIZER=address brings AddressSanitizer back.
FUZZ_SANITIZER="${FUZZ_SANITIZER:-none}"

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz-smoke: installing the nightly toolchain" >&2
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: installing cargo-fuzz" >&2
  cargo install cargo-fuzz
fi

cd fuzz
for target in $FUZZ_TARGETS; do
  cargo +nightly fuzz build -O -s "$FUZZ_SANITIZER" "$target" >&2
done

total_runs=0
for target in $FUZZ_TARGETS; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log="$(mktemp)"
  echo "fuzz-smoke: $target for ${FUZZ_SECONDS}s" >&2
  if ! cargo +nightly fuzz run -O -s "$FUZZ_SANITIZER" "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$FUZZ_SECONDS" -seed="${FUZZ_SEED:-20261122}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 \
      -artifact_prefix="artifacts/$target/" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz-smoke: $target FAILED; the input is in fuzz/artifacts/$target/" >&2
    rm -f "$log"
    exit 1
  fi
  runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1 || true)"
  runs="${runs:-0}"
  total_runs=$((total_runs + runs))
  echo "fuzz-smoke: $target ok, $runs executions" >&2
  rm -f "$log"
done
echo "fuzz-smoke: all targets ok, $total_runs executions in total" >&2
