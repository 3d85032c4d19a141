#!/usr/bin/env bash
# Builds the crate for the browser: wasm32 (release, SIMD) → wasm-bindgen → www/pkg/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
choose_wasm_toolchain
ensure_wasm_bindgen

export CARGO_TARGET_DIR="$CACHE_DIR/target-wasm"
cd "$ROOT"
log "cargo build (wasm32, profile wasm-release)…"
# shellcheck disable=SC2086  # WASM_CARGO_ARGS is a word list
"$WASM_CARGO" build --locked -p gan-playground --lib --features webgpu \
  --target wasm32-unknown-unknown --profile wasm-release $WASM_CARGO_ARGS

log "wasm-bindgen → www/pkg/"
"$WASM_BINDGEN" --target web --out-dir "$ROOT/www/pkg" --out-name gan_playground \
  --remove-name-section --remove-producers-section \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/gan_playground.wasm"
