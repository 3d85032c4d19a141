#!/usr/bin/env bash
# Prints the path of the WebKitWebDriver the WebKit browser tests drive (tests/e2e/webkit.spec.ts,
# through WebDriver classic with selenium-webdriver), after checking that its browser (WebKitGTK's
# MiniBrowser) and Xvfb are there too; installs Debian's webkit2gtk-driver and xvfb when missing.
# $WEBKIT_DRIVER overrides the driver ($WEBKIT_BROWSER the browser, as in the spec). Nothing here
# downloads a browser build from anywhere else.
set -euo pipefail
mini_browser() {
  if [ -n "${WEBKIT_BROWSER:-}" ]; then echo "$WEBKIT_BROWSER"; return; fi
  # libwebkit2gtk-4.1-0 puts it under the multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu).
  local candidate
  for candidate in /usr/lib/*/webkit2gtk-4.1/MiniBrowser; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
}
found() {
  local driver="${WEBKIT_DRIVER:-$(command -v WebKitWebDriver || true)}"
  [ -n "$driver" ] && [ -x "$driver" ] && [ -n "$(mini_browser)" ] && command -v Xvfb >/dev/null && echo "$driver"
}
for override in WEBKIT_DRIVER WEBKIT_BROWSER; do
  if [ -n "${!override:-}" ] && [ ! -x "${!override}" ]; then
    echo "$override=${!override} is not an executable" >&2
    exit 1
  fi
done
if found; then exit 0; fi
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[webkit] installing Debian's webkit2gtk-driver (WebKitWebDriver, MiniBrowser) and xvfb…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq webkit2gtk-driver xvfb >/dev/null
  if found; then exit 0; fi
fi
echo "No WebKitWebDriver with MiniBrowser and Xvfb found. Install them (Debian: apt-get install webkit2gtk-driver xvfb) or set WEBKIT_DRIVER=/path/to/WebKitWebDriver (and WEBKIT_BROWSER=/path/to/MiniBrowser)." >&2
exit 1
