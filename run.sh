#!/usr/bin/env bash
# Starts Azurite (in memory, on 127.0.0.1:10000-10002, or on free ports when any of those is taken)
# and the service on http://localhost:7071,
# with the standalone host (its own timer and queue listener), and seeds the demo tenant "demo"
# so the page (http://localhost:7071/status) shows something at once. Prints the page's address
# once the page answers. Ctrl-C stops both.
#   ./run.sh             seeds the demo tenant (Demo:Tenant=demo)
#   ./run.sh --no-demo   starts empty
#   ./run.sh --port N    serves on http://localhost:N instead of 7071 (refused if N is in use)
set -euo pipefail
cd "$(dirname "$0")"

usage="Usage: ./run.sh [--no-demo] [--port N]"
demo_tenant=demo
port=7071
while [ $# -gt 0 ]; do
  case "$1" in
    --no-demo) demo_tenant= ;;
    --port)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]{1,5}$ ]] || [ "$((10#$2))" -lt 1 ] || [ "$((10#$2))" -gt 65535 ]; then
        echo "--port takes a port number from 1 to 65535. $usage" >&2; exit 2
      fi
      port=$((10#$2)); shift ;;
    *) echo "Unknown option '$1'. $usage" >&2; exit 2 ;;
  esac
  shift
done

# Something answers on the port (on either loopback address "localhost" binds): the app would fail
# to bind it after its build, with a stack trace, so say so now.
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
if listening 127.0.0.1 "$port" || listening ::1 "$port"; then
  echo "Port $port is already in use (another ./run.sh, or a Functions host?). Stop what listens there, or choose another port: ./run.sh --port N" >&2
  exit 1
fi

# Demo data is refused outside Development (Demo:Tenant), so another environment starts empty.
[ "${ASPNETCORE_ENVIRONMENT:-Development}" = Development ] || demo_tenant=

command -v node >/dev/null || { echo "Node.js is required (for Azurite)." >&2; exit 1; }
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error

# This run's own Azurite, never one that happens to answer on the emulator's ports (another run's, or one
# with other data): when any of them is taken, three free ports, named in the output and given to the app.
storage_ports=(10000 10001 10002)
for storage_port in "${storage_ports[@]}"; do
  if listening 127.0.0.1 "$storage_port"; then
    # Three free ports other than the app's (free now too, so the system could hand it out again).
    read -r -a storage_ports < <(APP_PORT="$port" node -e '
      const net = require("net");
      const held = [];
      const take = () => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { held.push(s); next(); }); };
      const next = () => {
        const ports = held.map(x => x.address().port).filter(p => p !== Number(process.env.APP_PORT));
        if (ports.length < 3) return take();
        console.log(ports.slice(0, 3).join(" "));
        held.forEach(x => x.close());
      };
      next();')
    echo "Port $storage_port is taken (another Azurite?): this run's Azurite listens on 127.0.0.1 ports ${storage_ports[*]} (blob, queue, table)."
    # A connection the caller set is theirs to keep (this Azurite then goes unused, as before).
    [ -n "${AzureWebJobsStorage:-}" ] || export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${storage_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${storage_ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${storage_ports[2]}/devstoreaccount1;"
    break
  fi
done

node_modules/.bin/azurite --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "${storage_ports[0]}" --queuePort "${storage_ports[1]}" --tablePort "${storage_ports[2]}" &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

for storage_port in "${storage_ports[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$storage_port") 2>/dev/null && break
    kill -0 "$azurite_pid" 2>/dev/null || { echo "Azurite exited; is port $storage_port in use?" >&2; exit 1; }
    sleep 0.1
  done
done

# The page answers 200 once the app has started (the demo tenant is seeded before it listens).
page_answers() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /status HTTP/1.0\r\nHost: localhost:%s\r\n\r\n' "$port" >&3
    IFS= read -r -t 5 status_line <&3
    [[ "$status_line" == "HTTP/1.1 200"* ]]
  ) 2>/dev/null
}

# No launch profile: the environment and the URL are the ones this script sets, whatever a profile says
# (a profile's variables override the caller's, and one that set Development would accept the published keys).
start_app() {
  export Demo__Tenant="$demo_tenant" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  exec \
    dotnet run --project src/ConnectionStatusFunctions.Standalone --no-launch-profile -- --urls http://localhost:$port
}
# In a process group of its own (job control on while it starts), so that stopping this script stops
# `dotnet run` and the app it started together.
set -m
start_app &
app_pid=$!
set +m
trap 'kill -TERM -- "-$app_pid" 2>/dev/null || true; kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

until page_answers; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    # It stopped before answering (a setting it refused, say): its own message said why.
    wait "$app_pid" && exit_code=0 || exit_code=$?
    if listening 127.0.0.1 "$port" || listening ::1 "$port"; then
      echo "Port $port was taken while the app started. Choose another port: ./run.sh --port N" >&2
      exit 1
    fi
    exit "$exit_code"
  fi
  sleep 0.5
done

if [ -n "$demo_tenant" ]; then
  echo "Open http://localhost:$port/status and sign in with dev-support-key: tenant '$demo_tenant' is filled with demo accounts."
else
  echo "Open http://localhost:$port/status and sign in with dev-support-key."
fi

wait "$app_pid"
