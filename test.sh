#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# The ONNX conformance tests read the ONNX project's own backend test suite, packaged by Debian.
if [ ! -d /usr/share/libonnx-testdata/data/node ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing libonnx-testdata (ONNX conformance data)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libonnx-testdata) \
      || echo "warning: could not install libonnx-testdata; the ONNX conformance tests will report themselves skipped"
  else
    echo "note: libonnx-testdata is not installed and apt-get is not usable here; the ONNX conformance tests will report themselves skipped"
  fi
fi

# The web explorer's browser tests drive Debian's Chromium through Playwright (never a downloaded browser). Without it
# those tests fail and say so: a machine that cannot run them must not pass by skipping them.
if [ ! -x /usr/bin/chromium ] && [ -z "${CONVLENS_CHROMIUM:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing chromium (the web explorer's browser tests)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      || echo "warning: could not install chromium; the web explorer's browser tests will fail"
  else
    echo "warning: /usr/bin/chromium is missing and apt-get is not usable here; the web explorer's browser tests will fail (apt-get install -y chromium)"
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ConvLens.slnx -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the totals, from the runner's "Total tests / Passed / Failed / Skipped" block.
count() { grep -E "^[[:space:]]+$1: +[0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
if grep -qE '^Total tests: +[0-9]+' "$log"; then
  echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
exit "$status"
