#!/usr/bin/env bash
# The main job: installs what is missing, builds the CLI and the npm package, runs the
# seed example through both, then serves the live cart preview (www-demo/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release
bash scripts/build-pkg.sh
node scripts/seed-example.mjs
exec node scripts/serve-demo.mjs
