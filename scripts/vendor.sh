#!/usr/bin/env bash
# The patched dependencies (Cargo.toml's [patch.crates-io]): writes each into
# crate/vendor/patched/<crate>/ as the published release (downloaded by cargo from crates.io,
# the versions locked in crate/vendor/pristine/Cargo.lock) with its patch from
# crate/vendor/patches/<crate>-<version>.patch applied and its licence files added
# (crate/vendor/README.md lists each patch and why). A copy already made from the same patch is
# kept as it is (a stamp holds the patch's hash), so cargo's fingerprints stay valid and
# nothing is rebuilt. Every build script runs this first (scripts/toolchain.sh); so does
# `npm run vendor`, for a `cargo` of your own on a fresh clone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/crate/vendor"
OUT="${GAN_VENDOR_OUT:-$VENDOR/patched}"
REGISTRY="${CARGO_HOME:-$HOME/.cargo}/registry"
fetched=false

log() { printf '\033[1m[vendor]\033[0m %s\n' "$*" >&2; }

for patch in "$VENDOR"/patches/*.patch; do
  release="$(basename "$patch" .patch)" # e.g. burn-flex-0.22.1
  crate="${release%-*}"                 # burn-flex
  # burn's crates are published without their licence files: added from burn's own package.
  licenses=""
  case "$crate" in burn-*) licenses="$VENDOR/licenses/burn" ;; esac
  stamp="$(cat "$patch" ${licenses:+"$licenses"/*} | sha256sum | cut -c1-16)"
  dest="$OUT/$crate"
  if [ "$(cat "$dest/.gan-playground-patch" 2>/dev/null)" = "$stamp" ]; then continue; fi
  if ! $fetched; then
    log "cargo fetch: the published releases of the patched crates (crate/vendor/pristine)"
    cargo fetch --locked --manifest-path "$VENDOR/pristine/Cargo.toml" >&2
    fetched=true
  fi
  archive="$(find "$REGISTRY/cache" -maxdepth 2 -name "$release.crate" | head -1)"
  if [ -z "$archive" ]; then
    echo "vendor.sh: cargo fetched no $release.crate into $REGISTRY/cache" >&2
    exit 1
  fi
  log "$release + $(basename "$patch") → crate/vendor/patched/$crate/"
  work="$OUT/.$crate.tmp"
  rm -rf "$work"
  mkdir -p "$work"
  tar -xzf "$archive" -C "$work" --strip-components=1
  patch -p1 -d "$work" --forward --batch --quiet <"$patch"
  if [ -n "$licenses" ]; then cp "$licenses"/* "$work/"; fi
  echo "$stamp" >"$work/.gan-playground-patch"
  rm -rf "$dest"
  mv "$work" "$dest"
done
