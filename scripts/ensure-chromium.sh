#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the web console's browser tests
# (playwright-core drives it; browser downloads do not work on these machines). Installs it with
# apt-get when missing and this runs as root (CI does); otherwise says how and goes on.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: $CHROMIUM_PATH is missing; install it (sudo apt-get install -y chromium) for the web app's browser tests" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
