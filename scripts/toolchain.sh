#!/usr/bin/env bash
# Sourced by the build scripts: sets up everything a wasm32 build of the crate needs.
#
# Chooses, in order:
#   1. rustup's wasm32-unknown-unknown target (installed, or added now);
#   2. Debian's rustc-web + rust-web-src + lld, building std from source (-Zbuild-std),
#      installed with apt-get when running as root on Debian;
# and otherwise stops with a message that says what to install.
#
# Exports: CACHE_DIR, WASM_CARGO (the cargo to run), WASM_CARGO_ARGS (extra build args),
# CARGO_TARGET_DIR for the wasm build, WASM_BINDGEN (the wasm-bindgen tool, scripts/wasm-bindgen).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Build outputs and tools live outside the clone, so a fresh clone (CI) builds incrementally.
CACHE_DIR="${GAN_PLAYGROUND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gan-playground}"
mkdir -p "$CACHE_DIR"
export CACHE_DIR

log() { printf '\033[1m[toolchain]\033[0m %s\n' "$*" >&2; }

# The patched dependencies Cargo.toml's [patch.crates-io] names, before any cargo command
# (a no-op when they are there already: scripts/vendor.sh).
bash "$ROOT/scripts/vendor.sh"

have_rustup_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

debian_web_rust_present() {
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && command -v wasm-ld >/dev/null 2>&1 &&
    [ -f "$(/usr/bin/rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/std/Cargo.toml" ]
}

choose_wasm_toolchain() {
  if [ -n "${WASM_CARGO:-}" ]; then
    export WASM_CARGO WASM_CARGO_ARGS="${WASM_CARGO_ARGS:-}"
    return 0
  fi
  # GAN_PLAYGROUND_TOOLCHAIN=debian skips rustup (to test that route, or by preference).
  local route="${GAN_PLAYGROUND_TOOLCHAIN:-auto}"
  if [ "$route" != auto ] && [ "$route" != rustup ] && [ "$route" != debian ]; then
    log "GAN_PLAYGROUND_TOOLCHAIN must be auto, rustup or debian (not \"$route\")"; exit 1
  fi
  if [ "$route" != debian ] && ! have_rustup_wasm && command -v rustup >/dev/null 2>&1; then
    log "adding rustup's wasm32-unknown-unknown target…"
    timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
  fi
  if [ "$route" != debian ] && have_rustup_wasm; then
    log "using rustup's wasm32-unknown-unknown target"
    WASM_CARGO="cargo"
    WASM_CARGO_ARGS=""
  else
    if [ "$route" = rustup ]; then
      log "rustup's wasm32-unknown-unknown target is unavailable: rustup target add wasm32-unknown-unknown"; exit 1
    fi
    if ! debian_web_rust_present; then
      if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "rustup cannot add wasm32 here; installing Debian's rustc-web, cargo-web, rust-web-src, lld…"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src lld >/dev/null
      fi
    fi
    if ! debian_web_rust_present; then
      cat >&2 <<'MSG'
[toolchain] No Rust toolchain for wasm32-unknown-unknown was found.
  Install one of:
    • rustup (https://rustup.rs), then:  rustup target add wasm32-unknown-unknown
    • on Debian 12 (as root):            apt-get install rustc-web cargo-web rust-web-src lld
MSG
      exit 1
    fi
    log "using Debian's rustc-web, building std for wasm32 from source (-Zbuild-std)"
    WASM_CARGO="/usr/bin/cargo"
    WASM_CARGO_ARGS="-Zbuild-std=std,panic_abort"
    # Debian's cargo must pick Debian's rustc, not rustup's shims.
    export RUSTC=/usr/bin/rustc
    export RUSTDOC=/usr/bin/rustdoc
    export RUSTC_BOOTSTRAP=1
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
  fi
  export WASM_CARGO WASM_CARGO_ARGS
}

# The threaded CPU build (atomics) rebuilds std, so it needs std's sources: rust-src under
# rustup (added now if missing), rust-web-src on the Debian route. Sets WASM_THREADS_ARGS, or
# leaves it empty and says why (the page then runs the CPU backend on one thread).
choose_threads_build() {
  WASM_THREADS_ARGS=""
  if [ "${GAN_PLAYGROUND_THREADS:-1}" = 0 ]; then
    log "GAN_PLAYGROUND_THREADS=0: no threaded CPU build"; return 0
  fi
  if [ "$WASM_CARGO" = cargo ]; then
    local src
    src="$(rustc --print sysroot)/lib/rustlib/src/rust/library/std/Cargo.toml"
    if [ ! -f "$src" ]; then
      log "adding rustup's rust-src (the threaded build rebuilds std)…"
      timeout 180 rustup component add rust-src >/dev/null 2>&1 || true
    fi
    if [ ! -f "$src" ]; then
      log "no threaded CPU build: it needs std's sources (rustup component add rust-src); the CPU backend will use one thread"
      return 0
    fi
    WASM_THREADS_ARGS="-Zbuild-std=std,panic_abort"
  else
    WASM_THREADS_ARGS="$WASM_CARGO_ARGS"
  fi
  export WASM_THREADS_ARGS
}

# The wasm-bindgen step: scripts/wasm-bindgen/, a small tool on wasm-bindgen-cli-support (the
# library of the wasm-bindgen CLI) at exactly the version of the wasm-bindgen crate in
# Cargo.lock, built into the tool cache (cargo keeps it up to date; a no-op when it is).
# The version of package $2 in lockfile $1.
lock_version() { awk -v name="$2" '$0 == "name = \"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$1"; }

ensure_wasm_bindgen() {
  local version tool_version
  version="$(lock_version "$ROOT/Cargo.lock" wasm-bindgen)"
  tool_version="$(lock_version "$ROOT/scripts/wasm-bindgen/Cargo.lock" wasm-bindgen-cli-support)"
  if [ -z "$version" ] || [ "$version" != "$tool_version" ]; then
    log "wasm-bindgen ${version:-(not in Cargo.lock)} and scripts/wasm-bindgen's wasm-bindgen-cli-support ${tool_version:-(none)} differ:"
    log "  set wasm-bindgen-cli-support = \"=$version\" in scripts/wasm-bindgen/Cargo.toml and run cargo update there"
    exit 1
  fi
  log "wasm-bindgen $version (scripts/wasm-bindgen)…"
  CARGO_TARGET_DIR="$CACHE_DIR/target-tools" \
    cargo build --locked --release --quiet --manifest-path "$ROOT/scripts/wasm-bindgen/Cargo.toml"
  WASM_BINDGEN="$CACHE_DIR/target-tools/release/gan-playground-wasm-bindgen"
  export WASM_BINDGEN
}
