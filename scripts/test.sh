#!/usr/bin/env bash
# The test command: installs everything, makes sure the servers run, then typechecks, lints and
# runs every package's tests against real PostgreSQL, Redis and RabbitMQ, one package at a time
# (the feedback-service's fault tests restart RabbitMQ and PostgreSQL). The web app's tests build the
# console first and drive Debian's Chromium, which ensure-chromium.sh installs when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh # the web console's end-to-end tests run in it
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run typecheck lint --output-logs=errors-only

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
pnpm turbo run test --concurrency=1 2>&1 | tee "$log" || status=$?

# One closing line over every package's vitest summary ("Tests  12 passed | 1 failed (13)").
count() { # sums the numbers before "$1" in the vitest summaries; grep finding none is a zero
  sed -e 's/\x1b\[[0-9;]*m//g' "$log" | { grep -E '^\S*:test:\s+Tests\s' || true; } | { grep -oE "[0-9]+ $1" || true; } |
    awk '{s+=$1} END {print s+0}'
}
passed=$(count passed)
failed=$(count failed)
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
