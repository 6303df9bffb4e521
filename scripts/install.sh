#!/usr/bin/env bash
# Installs the toolchain and dependencies from scratch: pnpm (the pinned version) and the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "install: installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --silent
fi
pnpm install --frozen-lockfile
