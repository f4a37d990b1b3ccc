#!/bin/sh
# Renders a `cairn sna` HTML file in headless Chromium (Debian package: chromium) and fails if the
# browser logs a console error or an uncaught exception, or writes no screenshot.
#   tests/sna_browser_test.sh REPORT.html [SCREENSHOT.png]
# Exit 0 ok, 1 failed, 77 chromium not installed (skipped).
set -u
html=${1:?usage: $0 REPORT.html [SCREENSHOT.png]}
png=${2:-$(mktemp --suffix=.png)}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed: skipped" >&2; exit 77; }
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0 \
  --screenshot="$png" --window-size=1200,3000 "file://$(realpath "$html")" >"$log" 2>&1
if grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE\(' "$log"; then
  echo "console errors while rendering $html" >&2
  exit 1
fi
[ -s "$png" ] || { echo "no screenshot written" >&2; cat "$log" >&2; exit 1; }
echo "rendered $html -> $png"
