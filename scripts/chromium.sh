#!/usr/bin/env bash
# Prints the path of the Chromium the browser tests drive; installs Debian's when missing.
# $CHROMIUM overrides. Nothing here downloads a browser build from anywhere else.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ]; then
  [ -x "$CHROMIUM" ] || { echo "CHROMIUM=$CHROMIUM is not an executable" >&2; exit 1; }
  echo "$CHROMIUM"; exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[chromium] installing Debian's chromium…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo /usr/bin/chromium; exit 0
fi
echo "No Chromium found. Install one (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome." >&2
exit 1
