#!/usr/bin/env bash
# "Export for PyTorch" against PyTorch itself: writes every preset's export (run.py,
# weights.safetensors) and burn's outputs on fixed inputs (the crate's ignored test
# `write_every_presets_export_for_pytorch`), then tests/pytorch/check_exports.py loads each into
# the script's own PyTorch modules, compares the outputs and trains on a few iterations. The
# Python environment (tests/pytorch/requirements.txt, from PyPI) is kept in the cache folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
venv="$CACHE_DIR/torch-venv"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s tests/pytorch/requirements.txt "$stamp"; then
  echo "[pytorch] installing tests/pytorch/requirements.txt into $venv…" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/pytorch/requirements.txt
  cp tests/pytorch/requirements.txt "$stamp"
fi
exports="$(mktemp -d)"
trap 'rm -rf "$exports"' EXIT
# The native tests' build (scripts/test.sh: the same features, and clippy as the crate's compiler
# while it runs this): only the test runs here, nothing is compiled again.
GAN_EXPORT_DIR="$exports" CARGO_TARGET_DIR="$CACHE_DIR/target-native" \
  cargo test --locked --release -p gan-playground --features test-hooks --quiet write_every_presets_export -- --ignored >&2
# Real images for the digit scripts' own loop: Debian's Fashion-MNIST (scripts/test-data.sh).
fashion=/usr/share/datasets/fashion-mnist
"$venv/bin/python" tests/pytorch/check_exports.py "$exports" \
  "$fashion/train-images-idx3-ubyte.gz" "$fashion/train-labels-idx1-ubyte.gz"
