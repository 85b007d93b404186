#!/usr/bin/env bash
# The whole test suite. Installs the pinned Azurite from package-lock.json (the tests start their
# own instances on free 127.0.0.1 ports), then runs every test project of the solution.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js is required (for Azurite)." >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
dotnet test ConnectionStatusFunctions.sln "$@"
