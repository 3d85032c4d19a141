#!/usr/bin/env bash
# Prints the path of the Firefox the Firefox browser tests drive (tests/e2e/firefox.spec.ts,
# through WebDriver BiDi with puppeteer-core); installs Debian's firefox-esr when missing.
# $FIREFOX overrides. Nothing here downloads a browser build from anywhere else.
set -euo pipefail
if [ -n "${FIREFOX:-}" ]; then
  [ -x "$FIREFOX" ] || { echo "FIREFOX=$FIREFOX is not an executable" >&2; exit 1; }
  echo "$FIREFOX"; exit 0
fi
for candidate in /usr/bin/firefox-esr /usr/bin/firefox; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[firefox] installing Debian's firefox-esr…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
  echo /usr/bin/firefox-esr; exit 0
fi
echo "No Firefox found. Install one (Debian: apt-get install firefox-esr) or set FIREFOX=/path/to/firefox." >&2
exit 1
