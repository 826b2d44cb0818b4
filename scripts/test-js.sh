#!/usr/bin/env bash
# Builds the npm package and runs every JavaScript-side test:
#   1. scripts/build-pkg.sh (wasm build, size check, TypeScript check)
#   2. the packed tarball in Node ESM/CommonJS, Deno, Bun, workerd and Chromium, the
#      differential test and a short memory soak (tests/js/soak.mjs)
#   3. wasm-bindgen-test tests of the bindings in Node.js and in headless Chromium
# Prints a summary and exits non-zero when any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1

declare -a names=() results=()
failed=0
step() {
  local name=$1
  shift
  printf '\n==> %s\n' "$name"
  if "$@"; then
    names+=("$name"); results+=(ok)
  else
    names+=("$name"); results+=(FAILED)
    failed=$((failed + 1))
  fi
}

wasm_test() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    "$@" cargo test --lib --target wasm32-unknown-unknown -- wasm::
}

build_status=0
build() {
  bash scripts/build-pkg.sh
  build_status=$?
  return "$build_status"
}
step "build pkg/ (wasm-bindgen, wasm-opt, size, types)" build
# Status 3: pkg/ is complete but over the size budget; its tests still run.
if [ "$build_status" -eq 0 ] || [ "$build_status" -eq 3 ]; then
  step "packed tarball: Node ESM, Node CJS, Deno, Bun, workerd, Chromium" \
    node --test --test-reporter=spec tests/js/packed.test.mjs
else
  names+=("packed tarball tests"); results+=("not run (no package)"); failed=$((failed + 1))
fi
if [ "$build_status" -eq 0 ]; then
  step "differential: 10,000 generated cases, native vs Wasm byte for byte" \
    node --test --test-reporter=spec tests/js/differential.test.mjs
fi
if [ "$build_status" -eq 0 ] || [ "$build_status" -eq 3 ]; then
  step "soak: rejected inputs leave the engine usable; 100,000 quotes in flat memory" \
    env SOAK_QUOTES=100000 node tests/js/soak.mjs
fi
step "wasm-bindgen-test in Node.js" wasm_test env
step "wasm-bindgen-test in headless Chromium" wasm_test env \
  WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/wasm/webdriver.json"

printf '\n==> JS package summary\n'
for i in "${!names[@]}"; do
  printf '  %-70s %s\n' "${names[$i]}" "${results[$i]}"
done
total=${#names[@]}
echo "$((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
