#!/usr/bin/env bash
# Installs every tool the package build and the JS tests need. Idempotent and fast when
# everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# 0. Free disk. A full test run writes about 4 GB of build output (target/,
# fuzz/target, node_modules); with less free, the builds fail half-way with
# "No space left on device". Say so first, with the numbers. CHECKOUT_BENEFITS_MIN_FREE_GB
# changes the threshold.
need_gb="${CHECKOUT_BENEFITS_MIN_FREE_GB:-5}"
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ -n "$free_kb" ] && [ "$free_kb" -lt $((need_gb * 1024 * 1024)) ]; then
  log "WARNING: only $((free_kb / 1024)) MB free on $(df -P . | awk 'NR == 2 { print $6 }');"
  log "WARNING: a full test run needs about ${need_gb} GB for its build output"
fi

# 1. Rust target for WebAssembly.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  echo "setup: cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. Headless Chromium and its driver (Debian packages) for browser tests.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing chromium and chromium-driver"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

# 4. JS dev tooling, pinned by package-lock.json.
stamp=node_modules/.setup-stamp
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
    touch "$stamp"
  fi
fi
log "ready"
