#!/usr/bin/env bash
# The start command: installs, makes sure the servers run, writes .env on first run (offline AI
# provider, fresh local secrets), creates and migrates the database, seeds it, builds, and starts
# all five services in the foreground (Ctrl-C stops them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh

if [ ! -f .env ]; then
  echo "start: writing .env from .env.example with fresh local secrets"
  sed -e "s/^JWT_SECRET=.*/JWT_SECRET=$(openssl rand -hex 32)/" \
      -e "s/^SERVICE_TOKEN=.*/SERVICE_TOKEN=$(openssl rand -hex 32)/" .env.example > .env
fi
set -a; . ./.env; set +a

pnpm --silent db:migrate --create
pnpm --silent db:seed
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run build --output-logs=errors-only
exec pnpm turbo run start --filter='./apps/*' --output-logs=full
