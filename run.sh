#!/usr/bin/env bash
# Starts Azurite (in memory, on 127.0.0.1:10000-10002) and the service on http://localhost:7071,
# with the standalone host (its own timer and queue listener). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js is required (for Azurite)." >&2; exit 1; }
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error

node_modules/.bin/azurite --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

for port in 10000 10001 10002; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { echo "Azurite exited; is port $port in use?" >&2; exit 1; }
    sleep 0.1
  done
done

ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  dotnet run --project src/ConnectionStatusFunctions.Standalone --launch-profile standalone -- --urls http://localhost:7071
