#!/usr/bin/env bash
# Runs every test of the repository: formatting and lints, the Rust tests (unit,
# integration, fixtures, properties, doc examples), a short fuzz run, the npm package
# built and tested in every runtime, the Wasm size budget, and the demo in a browser.
# Installs what it needs first (scripts/setup.sh). Exits non-zero if any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - start))
  fi
}

# Without the tools nothing else can run.
bash scripts/setup.sh || { echo "setup failed"; echo "checks: 0 passed, 1 failed"; exit 1; }

step "cargo fmt" cargo fmt --all --check
step "cargo clippy" cargo clippy --all-targets -- -D warnings
step "cargo test" cargo test --all-targets
step "cargo test --doc" cargo test --doc
step "cargo build --release" cargo build --release
[ -f scripts/fuzz-smoke.sh ] && step "fuzz smoke run" bash scripts/fuzz-smoke.sh
step "build the npm package" bash scripts/build-pkg.sh
step "seed example through the package" node scripts/seed-example.mjs
step "npm package tests (all runtimes)" bash scripts/test-js.sh
step "eslint" npx --no-install eslint .
[ -d tests/browser ] && step "demo in headless Chromium" node --test tests/browser/

echo
if [ "$failed" -gt 0 ]; then
  printf 'failed steps:\n'
  printf '  - %s\n' "${failures[@]}"
fi
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
