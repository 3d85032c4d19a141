#!/usr/bin/env bash
# npm start: install what is missing, build the wasm (release), serve the page, print its URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/node-deps.sh
node scripts/mnist-asset.mjs   # the real digits the image presets (and native tests) read
bash scripts/build-wasm.sh
exec npx vite --host "${HOST:-127.0.0.1}" --port "${PORT:-5173}"
