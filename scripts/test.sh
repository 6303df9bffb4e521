#!/usr/bin/env bash
# The test command: installs everything, makes sure the servers run, then typechecks, lints and
# runs every package's tests against real PostgreSQL, Redis and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run typecheck lint --output-logs=errors-only
pnpm turbo run test --concurrency=1
