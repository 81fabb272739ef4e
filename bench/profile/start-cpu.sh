#!/usr/bin/env bash
# CPU a server spends from its start to its first answered API request (plus 4 s for what start-up leaves running):
# a Development server on a free port with a fresh data folder, its CPU read from /proc/PID/stat.
#   bench/profile/start-cpu.sh path/to/LoanJourney.Server.dll [label]
# Compare two builds interleaved (A B A B …); docs/PERFORMANCE.md, "The test suite's wall time".
set -euo pipefail
dll=$1; label=${2:-$1}
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Server__DataProtectionKeysPath="$data/keys" Engine__DatabasePath="$data/loanjourney.db" Serilog__File__Path= \
  dotnet "$dll" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
started=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.05
done
ready=$(date +%s.%N)
curl -sf -o /dev/null -H "X-Api-Key: dev-key" "http://127.0.0.1:$port/api/instances"
sleep 4
ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
echo "$label ready $(echo "$ready - $started" | bc | cut -c1-5) s, CPU $(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc) s, load $(cut -d' ' -f1 /proc/loadavg)"
