#!/usr/bin/env bash
# npm run build: a static dist/ that works from any sub-path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/node-deps.sh
node scripts/mnist-asset.mjs   # the real digits the image presets (and native tests) read
bash scripts/build-wasm.sh
npx vite build
