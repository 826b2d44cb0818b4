#!/usr/bin/env bash
# Runs the benchmark suite and writes BENCHMARKS.md and benches/quote-vs-lines.svg:
#   1. builds the release binaries and the npm package (scripts/build-pkg.sh);
#   2. writes the shared inputs (cargo run --example bench_inputs -> target/bench-inputs);
#   3. native criterion benchmarks (cargo bench --bench quote);
#   4. the package in Node.js, cold start, .wasm size, json-rules-engine peer (benches/node);
#   5. Wasm instructions per quote under wasmtime fuel (wasm32-wasip1 build, benches/fuel.py);
#   6. the build-profile trade-off: the same sources at opt-level "s" and "z" (size,
#      instructions, quoteJson time) next to the shipped opt-level 2;
#   7. the report (benches/report.mjs).
# BENCH_QUICK=1 shortens every measurement (a smoke run; the figures are then rough).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n[bench] %s\n' "$*" >&2; }
OUT=target/bench-results
INPUTS=target/bench-inputs
mkdir -p "$OUT"
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  CRITERION_ARGS=(--warm-up-time 0.3 --measurement-time 0.7 --noplot)
else
  CRITERION_ARGS=(--warm-up-time 1 --measurement-time 3 --noplot)
fi
commands=()
run() {
  commands+=("$*")
  "$@"
}

log "tools"
rustup target add wasm32-wasip1 >/dev/null
if ! python3 -c 'import wasmtime' 2>/dev/null; then
  python3 -m pip install --quiet 'wasmtime==50.0.1'
fi
[ -d node_modules/json-rules-engine ] || npm ci --no-audit --no-fund

log "build: release binaries and the npm package"
run cargo build --release
touch "$OUT/.build-start"
# build-pkg.sh fails once pkg/ is assembled when the .wasm is over its regression guard: measure it anyway.
if ! run env NAMED_WASM="$OUT/named.wasm" bash scripts/build-pkg.sh; then
  if [ pkg/checkout_benefits_bg.wasm -nt "$OUT/.build-start" ]; then
    log "scripts/build-pkg.sh failed after assembling pkg/ (see above); measuring that package"
  else
    echo "bench: the npm package could not be built" >&2
    exit 1
  fi
fi
run bash scripts/check-size.sh || log "the .wasm is over its size budget (see above)"
run python3 benches/wasm_composition.py pkg/checkout_benefits_bg.wasm "$OUT/named.wasm" \
  "$OUT/composition.json"

log "inputs"
run cargo run --release --example bench_inputs -- "$INPUTS"

log "native benchmarks (criterion)"
run cargo bench --bench quote -- "${CRITERION_ARGS[@]}"

log "the npm package in Node.js"
run node benches/node/bench.mjs "$INPUTS" "$OUT/node.json"

log "Wasm instructions per quote (wasm32-wasip1 under wasmtime fuel)"
run cargo build --release --example wasi_quote --target wasm32-wasip1
run python3 benches/fuel.py target/wasm32-wasip1/release/examples/wasi_quote.wasm "$INPUTS" "$OUT/fuel.json" \
  typical lines-200 large lines-200-store-ids

log "build profiles: the shipped opt-level 2 next to \"s\" and \"z\""
# RUSTFLAGS set (empty) replaces .cargo/config.toml's inlining threshold for Wasm, so "s"
# and "z" inline as LLVM does for size.
for opt in s z; do
  dir=target/bench-profile-$opt
  run env RUSTFLAGS= CARGO_TARGET_DIR="$dir" CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" PKG_OUT="$dir/pkg" \
    MAX_WASM_BYTES=999999999 bash scripts/build-pkg.sh
  run env RUSTFLAGS= CARGO_TARGET_DIR="$dir" CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" \
    cargo build --release --example wasi_quote --target wasm32-wasip1
  run python3 benches/fuel.py "$dir/wasm32-wasip1/release/examples/wasi_quote.wasm" "$INPUTS" \
    "$OUT/fuel-$opt.json" typical lines-200 large
done
cp "$OUT/fuel.json" "$OUT/fuel-2.json"
run node benches/node/profile-time.mjs "$INPUTS" pkg target/bench-profile-s/pkg target/bench-profile-z/pkg \
  >"$OUT/profile-times.json"
node -e '
const fs = require("fs"), path = require("path"), { execFileSync } = require("child_process");
const [out, times] = process.argv.slice(1);
const byDir = JSON.parse(fs.readFileSync(times, "utf8"));
const rows = [["2", "pkg"], ["s", "target/bench-profile-s/pkg"], ["z", "target/bench-profile-z/pkg"]].map(([opt, dir]) => {
  const file = path.join(dir, "checkout_benefits_bg.wasm");
  const wasm = fs.readFileSync(file);
  const fuel = JSON.parse(fs.readFileSync(path.join(out, `fuel-${opt}.json`), "utf8")).cases;
  return JSON.stringify({ opt, rawBytes: wasm.length, gzipBytes: execFileSync("gzip", ["-9", "-c", file]).length,
    instructions: Object.fromEntries(Object.entries(fuel).map(([k, v]) => [k, v.quoteInstructions])),
    quoteJsonNs: byDir[path.resolve(dir)] });
});
fs.writeFileSync(path.join(out, "profiles.ndjson"), rows.join("\n") + "\n");
' "$OUT" "$OUT/profile-times.json"

log "report"
node -e '
const [out, wasmtime, jre, ...commands] = process.argv.slice(1);
require("fs").writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), wasmtime, jsonRulesEngine: jre, commands }, null, 2));
' "$OUT/meta.json" \
  "$(python3 -c 'import importlib.metadata as m; print(m.version("wasmtime"))')" \
  "$(node -p 'require("./node_modules/json-rules-engine/package.json").version')" \
  "${commands[@]}"
node benches/report.mjs
