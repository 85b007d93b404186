#!/usr/bin/env bash
# The whole test suite. Installs the pinned Azurite and contract tools (Redocly, Spectral,
# openapi-typescript, openapi-fetch, TypeScript) from package-lock.json (the tests start their own
# Azurite instances on free 127.0.0.1 ports) and, for the status page's browser tests, the system's
# Chromium from apt when /usr/bin/chromium is missing (Playwright never downloads a browser here),
# then runs every test project of the solution.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js is required (for Azurite and the contract tools)." >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: run 'apt-get install chromium' as root (no sudo here)." >&2
    exit 1
  fi
  echo "Installing Chromium from apt for the browser tests..."
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  [ -x /usr/bin/chromium ] || { echo "apt-get installed no /usr/bin/chromium; the browser tests cannot run." >&2; exit 1; }
fi

npm ci --no-audit --no-fund --loglevel=error
dotnet test ConnectionStatusFunctions.sln "$@"
