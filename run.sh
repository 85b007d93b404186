#!/usr/bin/env bash
# Starts Azurite (in memory, on 127.0.0.1:10000-10002) and the service on http://localhost:7071,
# with the standalone host (its own timer and queue listener), and seeds the demo tenant "demo"
# so the page (http://localhost:7071/status) shows something at once. Ctrl-C stops both.
#   ./run.sh             seeds the demo tenant (Demo:Tenant=demo)
#   ./run.sh --no-demo   starts empty
set -euo pipefail
cd "$(dirname "$0")"

demo_tenant=demo
for arg in "$@"; do
  case "$arg" in
    --no-demo) demo_tenant= ;;
    *) echo "Unknown option '$arg'. Usage: ./run.sh [--no-demo]" >&2; exit 2 ;;
  esac
done

# Demo data is refused outside Development (Demo:Tenant), so another environment starts empty.
[ "${ASPNETCORE_ENVIRONMENT:-Development}" = Development ] || demo_tenant=

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

if [ -n "$demo_tenant" ]; then
  echo "Open http://localhost:7071/status and sign in with dev-support-key: tenant '$demo_tenant' is filled with demo accounts."
else
  echo "Open http://localhost:7071/status and sign in with dev-support-key."
fi

# No launch profile: the environment and the URL are the ones this script sets, whatever a profile says
# (a profile's variables override the caller's, and one that set Development would accept the published keys).
Demo__Tenant="$demo_tenant" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  dotnet run --project src/ConnectionStatusFunctions.Standalone --no-launch-profile -- --urls http://localhost:7071
