#!/usr/bin/env bash
# Builds the npm package into pkg/: the crate for wasm32 in release, wasm-bindgen glue
# for ES modules (browsers, Deno, workerd, Node ESM) and CommonJS, wasm-opt -Oz, then
# the files of pkg-template/, the generated TypeScript types and package.json.
# Exit status: 0 ok; 3 when pkg/ is complete but the .wasm is over the size budget;
# anything else: the build failed.
# PKG_OUT (default pkg) names another output folder and CARGO_TARGET_DIR another build
# folder (the benchmarks build the same sources at other opt-levels this way); NAMED_WASM
# a path for a copy of the module that keeps its function names.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

bash scripts/setup.sh

log() { printf '[build-pkg] %s\n' "$*" >&2; }

# Regression guard on the optimised module: about 422.0 KB today, built for speed at
# opt-level 2. The guard follows the module down as it shrinks (last: from 444 to 428 KB
# when JSON syntax errors, escapes and number tokens came to be read by hand instead of
# by serde_json's reader, 14.4 KB, src/jsontext.rs)
# and has been raised only for code that paid for itself in speed (608 to 616 KB, for
# quote writing, reading a customer's orders straight from the request text and recycling
# freed blocks) or in exactness (520 KB, for src/nearest.rs). Each step, with what it
# saved or cost, is in BENCHMARKS.md ("Where the budgets stand, and why"), in
# benches/notes/tried.md and in the commits that moved this line. The goal is well below
# Shopify's 256 KB cap; see BENCHMARKS.md for the size budget, what the module is made
# of and the speed/size trade-off.
MAX_WASM_BYTES=${MAX_WASM_BYTES:-$((428 * 1024))}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
PKG_OUT=${PKG_OUT:-pkg}
WASM_OUT=$TARGET_DIR/wasm32-unknown-unknown/release/checkout_benefits.wasm
GEN=$TARGET_DIR/pkg-build

log "cargo build (wasm32-unknown-unknown, release)"
# Keep the target_features section for wasm-bindgen and wasm-opt; wasm-opt strips
# everything that is not needed at the end.
# The cdylib is the .wasm; asking for the rlib too gives a smaller module (about 30 KB
# less than a cdylib alone).
CARGO_PROFILE_RELEASE_STRIP=false cargo rustc --lib --release --target wasm32-unknown-unknown \
  --crate-type cdylib,rlib

log "cargo build (native CLI, for the TypeScript types)"
cargo build --release --bin checkout-benefits

rm -rf "$GEN"
mkdir -p "$GEN/esm" "$GEN/cjs"
log "wasm-bindgen"
wasm-bindgen --target web --out-dir "$GEN/esm" --no-typescript "$WASM_OUT"
wasm-bindgen --target nodejs --out-dir "$GEN/cjs" --no-typescript "$WASM_OUT"
if ! cmp -s "$GEN/esm/checkout_benefits_bg.wasm" "$GEN/cjs/checkout_benefits_bg.wasm"; then
  echo "build-pkg: the web and nodejs targets produced different .wasm files" >&2
  exit 1
fi

WASM_OPT=node_modules/.bin/wasm-opt
# -ocimfs 1000: wasm-opt inlines every function that has one caller, whatever its size,
# which undoes the crate's #[inline(never)] and made the quote pipeline one function of
# about 21,700 instructions; V8 compiled some builds of it 10-15% slower
# (benches/notes/tried.md). Functions of more than 1,000 instructions now stay apart.
# --no-inline: the tree parser's readers of a value, array, object, string and number,
# and the program's readers, stay functions of their own whatever their size and number
# of callers, as the crate marks them (#[inline(never)]). Folded into their callers, the
# parser's made one function that V8 optimised while the first program was read, and
# the program's made one 23 KB function compiled whole for any program
# (benches/notes/tried.md). The error of a text that is not JSON (`jsondoc::not_json`) stays
# out of the tree reader's entry: folded in, it made that function, which every program
# compiles first, 2.2 KB larger. The steps a quote can do without (`pipeline::steps`:
# membership, codes, rewards, gifts, points, the customer's part) stay out of the
# pipeline's function: wasm-opt folded most of them into it (each has one caller), which
# made it 25.9 KB instead of 16.1 KB, compiled whole by every first quote, a guest's too.
# The program's parts most programs leave out (`program::compile::parts`: groups, gifts,
# discount cards) stay out of the compiler's function the same way: folded in, they made
# it 22.2 KB instead of 17.6 KB, compiled whole by every first program. A reward's
# share worked out in decimals (`State::after_cart_discounts_in_decimals`, for terms
# past 128 bits) stays out of the exact integer path that calls it, so that a first
# quote does not compile decimal division.
# The patterns match the names the module holds before wasm-opt and must come before
# -Oz (wasm-opt runs its passes in the order given); the
# loop below fails the build if one matches nothing.
NO_INLINE=('*jsondoc::Parser::*' '*program::read::*' '*jsondoc::not_json*' '*pipeline::steps::*'
  '*program::compile::parts::*' '*State::after_cart_discounts_in_decimals*')
# --low-memory-unused: a load or store at `pointer + constant` (a constant below 1024)
# takes the constant as its offset, one addition less. The two differ only when the sum
# passes 4 GiB and wraps into the first KiB of memory; in this module that KiB is the
# bottom of the 1 MiB stack (the stack comes first, growing down from 1 MiB; data and
# heap lie above it), which no correct address computation wraps into. 4.1 KB less.
# --flatten --rereloop -Oz after the first -Oz: each function's control flow rebuilt from
# its blocks and optimised again, 4.2 KB less; quotes and the cold start take the same
# time side by side (benches/notes/tried.md).
WASM_OPT_FLAGS=("${NO_INLINE[@]/#/--no-inline=}" --low-memory-unused -Oz -ocimfs 1000
  --flatten --rereloop -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals
  --strip-producers --strip-target-features)
# Each --no-inline pattern must name functions of the module (a renamed module path
# would otherwise let wasm-opt fold them again without a word).
for pattern in "${NO_INLINE[@]}"; do
  plain=${pattern//\*/}
  if ! grep -aqF "$plain" "$GEN/esm/checkout_benefits_bg.wasm"; then
    echo "build-pkg: no function of the module matches --no-inline=$pattern" >&2
    exit 1
  fi
done
log "wasm-opt -Oz"
"$WASM_OPT" "${WASM_OPT_FLAGS[@]}" --strip-debug \
  -o "$GEN/checkout_benefits_bg.wasm" "$GEN/esm/checkout_benefits_bg.wasm"
# NAMED_WASM: also write the same module with its function names kept, for
# benches/wasm_composition.py (names add a custom section only; the code is the same).
if [ -n "${NAMED_WASM:-}" ]; then
  "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" -g -o "$NAMED_WASM" "$GEN/esm/checkout_benefits_bg.wasm"
fi

"$TARGET_DIR/release/checkout-benefits" schema > "$GEN/schema.json"

log "assembling $PKG_OUT/"
node scripts/build-pkg.mjs "$GEN" "$PKG_OUT"

if [ "$PKG_OUT" = pkg ]; then
  log "type check (tsc --noEmit tests/js/typed-usage.ts)"
  node_modules/.bin/tsc -p tests/js/tsconfig.json
fi
raw=$(stat -c %s "$PKG_OUT/checkout_benefits_bg.wasm")
gz=$(gzip -9 -c "$PKG_OUT/checkout_benefits_bg.wasm" | wc -c)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
echo "checkout_benefits_bg.wasm: $raw bytes ($(kb "$raw")) raw, $gz bytes ($(kb "$gz")) gzipped"
if [ "$raw" -gt "$MAX_WASM_BYTES" ]; then
  echo "build-pkg: FAILED: the optimised .wasm ($raw bytes) is larger than its budget ($MAX_WASM_BYTES bytes); pkg/ is assembled but over budget" >&2
  exit 3
fi
log "$PKG_OUT/ ready"
