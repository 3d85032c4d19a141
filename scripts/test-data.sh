#!/usr/bin/env bash
# Real data the tests read besides the built-in digits: Debian's Fashion-MNIST IDX files (for the
# "your own images" upload path). Installs the package when missing; nothing else is downloaded.
set -euo pipefail
dir=/usr/share/datasets/fashion-mnist
if [ -r "$dir/train-images-idx3-ubyte.gz" ] || [ -r "$dir/t10k-images-idx3-ubyte.gz" ]; then exit 0; fi
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[test-data] installing Debian's dataset-fashion-mnist…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  exit 0
fi
echo "The tests need Fashion-MNIST's IDX files in $dir (Debian: apt-get install dataset-fashion-mnist)." >&2
exit 1
