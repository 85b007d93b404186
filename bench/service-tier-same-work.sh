#!/usr/bin/env bash
# The service tier of two built trees, timed back to back on the same work: the tests of BASE (by class and
# method name; a renamed test is followed through RENAMES, lines "old new") run in BASE whole and in CURRENT
# alone, then CURRENT whole. CPU is summed from /proc over the run's process group, four times a second:
# /usr/bin/time misses the test host and the Azurites whenever the CLI does not reap them.
#   bench/service-tier-same-work.sh /work/base184 . [renames.txt]
set -euo pipefail
base=$(cd "$1" && pwd); current=$(cd "$2" && pwd); renames=${3:-}
project=tests/ConnectionStatusFunctions.Service.Tests
work=$(mktemp -d)

methods() { (cd "$1" && dotnet test "$project" --no-build --list-tests) | sed -n 's/^    //p' | sed 's/(.*//' | sort -u; }
methods "$base" > "$work/base"
methods "$current" > "$work/current"
comm -12 "$work/base" "$work/current" > "$work/same"
if [ -n "$renames" ]; then
  while read -r old new; do grep -qxF "$old" "$work/base" && grep -qxF "$new" "$work/current" && echo "$new"; done < "$renames" >> "$work/same"
fi
echo "$(wc -l < "$work/base") test methods in $base; $(wc -l < "$work/same") of them in $current"
sed 's/^/FullyQualifiedName=/' "$work/same" | paste -sd'|' > "$work/filter"

# Sums utime+stime of every process whose group is $1 (orphans keep it) until the file $2 exists.
cat > "$work/cpu.py" <<'EOF'
import os, sys, time
group, stop = int(sys.argv[1]), sys.argv[2]
ticks, me, seen = os.sysconf('SC_CLK_TCK'), os.getpid(), {}
def sample():
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            stat = open(f'/proc/{pid}/stat').read()
        except OSError:
            continue
        fields = stat[stat.rindex(')') + 2:].split()
        if int(pid) != me and int(fields[2]) == group:
            seen[(pid, fields[19])] = int(fields[11]) + int(fields[12])
while not os.path.exists(stop):
    sample()
    time.sleep(0.25)
sample()
print(f"{sum(seen.values()) / ticks:.0f} s of CPU")
EOF

run() { # label dir [filter]
  local label=$1 dir=$2 stop="$work/stop-$1" started
  shift 2
  (
    cd "$dir"
    set +e
    python3 "$work/cpu.py" "$(ps -o pgid= $BASHPID | tr -d ' ')" "$stop" > "$work/cpu-$label" &
    started=$(date +%s)
    dotnet test "$project" --no-build "$@" 2>&1 | grep -E "^(Passed|Failed)!" || true
    echo "$label: $(( $(date +%s) - started )) s wall, load average $(cut -d' ' -f1 /proc/loadavg) at the end"
    touch "$stop"
    wait
    echo "$label: $(cat "$work/cpu-$label")"
  )
}

run base "$base"
run current-same-work "$current" --filter "$(cat "$work/filter")"
run current "$current"
rm -rf "$work"
