#!/usr/bin/env bash
# Builds the crate for the browser, three ways, each wasm32 (release, SIMD) → wasm-bindgen:
#   www/pkg/          WebGPU (and the CPU): fetched only when a run is to go on WebGPU (a trial
#                     of `backend=auto` on a real GPU, or `backend=webgpu`);
#   www/pkg-cpu/      the CPU only, on one thread: the small download of every CPU page that is
#                     not cross-origin isolated (no WebGPU kernel compiler in it);
#   www/pkg-threads/  the CPU only, on rayon worker threads sharing the wasm memory (atomics,
#                     std rebuilt with them): used where the page is cross-origin isolated.
# With --names, also www/pkg-prof/: pkg with function names kept, for bench/profile.mjs.
# With --test-hooks, also www/pkg-test/, www/pkg-cpu-test/ and www/pkg-threads-test/: the same builds with the
# test seam (feature `test-hooks`: the `testPanic` export), for the test build of the page
# (GAN_TEST_HOOKS=1, vite.config.ts). Only the crate itself is compiled again for them.
# With --threads-relaxed-simd, only www/pkg-threads-relaxed-simd/: the threaded build with relaxed
# SIMD's fused multiply-add in the matrix kernel, which Safari lacks, for the comparison in
# docs/measuring.md ("Relaxed SIMD and Safari's threads": the shipped build goes without it).
set -euo pipefail
names=false
test_hooks=false
relaxed_simd=false
for arg in "$@"; do
  case "$arg" in
    --names) names=true ;;
    --test-hooks) test_hooks=true ;;
    --threads-relaxed-simd) relaxed_simd=true ;;
    *) echo "build-wasm.sh: unknown option $arg (expected --names, --test-hooks, --threads-relaxed-simd)" >&2; exit 2 ;;
  esac
done
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
choose_wasm_toolchain
choose_threads_build
ensure_wasm_bindgen
cd "$ROOT"

bindgen() { # <cargo target dir> <out dir> [extra wasm-bindgen args]
  local wasm="$1/wasm32-unknown-unknown/wasm-release/gan_playground.wasm" out="$2"
  shift 2
  # --target web, --out-name gan_playground, --remove-producers-section (scripts/wasm-bindgen).
  "$WASM_BINDGEN" --out-dir "$out" "$@" "$wasm"
}

standard() { # <features> <out dir>
  log "cargo build (wasm32, profile wasm-release, features $1)…"
  # shellcheck disable=SC2086  # WASM_CARGO_ARGS is a word list
  CARGO_TARGET_DIR="$CACHE_DIR/target-wasm" "$WASM_CARGO" build --locked -p gan-playground --lib \
    --features "$1" --target wasm32-unknown-unknown --profile wasm-release $WASM_CARGO_ARGS
  log "wasm-bindgen → ${2#"$ROOT/"}/"
  bindgen "$CACHE_DIR/target-wasm" "$2" --remove-name-section
}
threaded() { # <features> <out dir> [plain|relaxed]
  # RUSTFLAGS replaces .cargo/config.toml's flags, so SIMD is named again. `relaxed` adds
  # `gemm_relaxed_simd`, the fused multiply-add in the matrix kernel (crate/vendor/README.md), in
  # a target folder of its own so that the two do not rebuild each other; the shipped build goes
  # without it, so that Safari (no relaxed SIMD) gets threads too. -Zbuild-std is
  # unstable: RUSTC_BOOTSTRAP lets the stable compiler take it. The link arguments (for this
  # crate only, hence `cargo rustc`) make the memory shared and imported, with the TLS exports
  # wasm-bindgen's thread start-up needs; 1 GiB is the most it may grow to.
  local target="$CACHE_DIR/target-wasm-mt" cfg=""
  if [ "${3:-plain}" = relaxed ]; then target="$CACHE_DIR/target-wasm-mt-relaxed-simd" cfg="--cfg gemm_relaxed_simd"; fi
  log "cargo build (wasm32 + atomics, CPU on threads, profile wasm-release, features $1, ${3:-plain} SIMD)…"
  # shellcheck disable=SC2086
  CARGO_TARGET_DIR="$target" RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals,+simd128 $cfg" \
    "$WASM_CARGO" rustc --locked -p gan-playground --lib --features "$1" \
    --target wasm32-unknown-unknown --profile wasm-release $WASM_THREADS_ARGS -- \
    -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=1073741824 \
    -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
    -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base
  log "wasm-bindgen → ${2#"$ROOT/"}/"
  bindgen "$target" "$2" --remove-name-section
  # wasm-bindgen-rayon's worker imports the package by its directory ("../../..").
  printf '{ "name": "gan-playground-threads", "type": "module", "main": "gan_playground.js", "sideEffects": true }\n' \
    > "$2/package.json"
}
if $relaxed_simd; then
  [ -n "$WASM_THREADS_ARGS" ] || { echo "build-wasm.sh: no threaded build with this toolchain" >&2; exit 1; }
  rm -rf "$ROOT/www/pkg-threads-relaxed-simd"
  threaded threads "$ROOT/www/pkg-threads-relaxed-simd" relaxed
  exit 0
fi
standard webgpu "$ROOT/www/pkg"
if $names; then
  log "wasm-bindgen → www/pkg-prof/ (function names kept)"
  bindgen "$CACHE_DIR/target-wasm" "$ROOT/www/pkg-prof"
fi
rm -rf "$ROOT/www/pkg-test"
if $test_hooks; then standard webgpu,test-hooks "$ROOT/www/pkg-test"; fi
# No features: burn without its GPU stack (built once more into the same target folder, where
# cargo keeps both sets of artefacts side by side).
standard "" "$ROOT/www/pkg-cpu"
rm -rf "$ROOT/www/pkg-cpu-test"
if $test_hooks; then standard test-hooks "$ROOT/www/pkg-cpu-test"; fi

rm -rf "$ROOT/www/pkg-threads" "$ROOT/www/pkg-threads-test"
if [ -n "$WASM_THREADS_ARGS" ]; then
  threaded threads "$ROOT/www/pkg-threads"
  if $test_hooks; then threaded threads,test-hooks "$ROOT/www/pkg-threads-test"; fi
fi
