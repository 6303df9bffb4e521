#!/usr/bin/env bash
# The start command: installs, makes sure the servers run, writes .env on first run (offline AI
# provider, fresh local secrets), creates and migrates the database, seeds it, builds, and starts
# the five services and the web app (the console and the API under one address) in the foreground.
# Ctrl-C stops them all gracefully: each gets SIGTERM and drains its in-flight work before it exits.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh

if [ ! -f .env ]; then
  echo "start: writing .env from .env.example with fresh local secrets"
  sed -e "s/^JWT_SECRET=.*/JWT_SECRET=$(openssl rand -hex 32)/" \
      -e "s/^SERVICE_TOKEN=.*/SERVICE_TOKEN=$(openssl rand -hex 32)/" \
      -e "s/^COOKIE_SECRET=.*/COOKIE_SECRET=$(openssl rand -hex 32)/" .env.example > .env
fi
if ! grep -q '^COOKIE_SECRET=' .env; then # an .env from before the web app
  echo "COOKIE_SECRET=$(openssl rand -hex 32)" >> .env
fi
set -a; . ./.env; set +a

pnpm --silent db:migrate --create
pnpm --silent db:seed
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run build --output-logs=errors-only

# Each service runs as a child of this script (not under turbo, which kills them before they drain),
# in a process group of its own: Ctrl-C reaches only this script, which sends each service one
# SIGTERM (a second signal would make a service exit without draining). PORT is each app's default.
unset PORT
pids=()
start_app() { # name
  # The app's own start script ("[VAR=value …] node [--flag …] dist/server.js": the memory settings
  # of the README's "Memory" section), run through env(1) so that the service itself, not a shell,
  # is the child that receives the SIGTERM.
  local command
  command=$(node -p "require('./apps/$1/package.json').scripts.start")
  # shellcheck disable=SC2086 # the start script's words are split on purpose; none has quotes or spaces
  (cd "apps/$1" && exec setsid env $command) &
  pids+=("$!")
}
stop_all() { # exit code
  trap - INT TERM EXIT
  echo
  echo "start: stopping every service (each drains its in-flight work first)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  echo "start: stopped"
  exit "${1:-0}"
}
trap 'stop_all 0' INT TERM
trap 'kill -TERM "${pids[@]}" 2>/dev/null || true' EXIT # whatever ends this script ends the services too

for app in ai-gateway auth-api product-api persona-service feedback-service web; do start_app "$app"; done

web_url="http://${HOST:-127.0.0.1}:3000" # the web app's default PORT
for _ in $(seq 1 120); do
  if curl -fs "$web_url/health/ready" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
echo
echo "  Persona Lab is running. Open the console: $web_url"
echo "  API reference: $web_url/api/docs/ · Ctrl-C stops every service."
echo

# If any service exits on its own, stop the others too.
wait -n "${pids[@]}" || true
echo "start: a service exited; stopping the others" >&2
stop_all 1
