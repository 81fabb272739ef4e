#!/usr/bin/env bash
# What PostgreSQL spends on each statement during the measured engine run of `journeys` on PostgreSQL.
#
#   bench/profile/pg-statements.sh COUNT OUT "<postgres connection string>" [BUILD_ROOT]
#
# The server must load pg_stat_statements (postgresql.conf: shared_preload_libraries = 'pg_stat_statements',
# pg_stat_statements.track = all, track_io_timing = on; then `CREATE EXTENSION pg_stat_statements` in the database the
# connection string names), e.g. a throw-away server run as the postgres OS user:
#   initdb -D /tmp/pgprof/data -U postgres -A trust --no-sync; append the three settings and port=55440; pg_ctl -D … start
# Runs `LJ_BENCH_WARMUP=800 dotnet run -c Release --no-build --project bench/LoanJourney.Bench -- journeys COUNT "<cs>"`
# (the server and sandbox of BUILD_ROOT when given: LJ_BENCH_BUILD_ROOT), finds the measured engine run as attach.sh does
# (the server's third busy phase), resets the statistics 3 s into it and reads them 15 s later:
#   OUT.toplevel  the statements the engine sent: calls, execution time (wall, lock and WAL waits included), buffers hit,
#                 WAL records and bytes per call
#   OUT.nested    the statements the triggers run inside them (their time is also in their statement's)
#   OUT.starts    journeys started in the window (the instance INSERTs), to divide by
# The benchmark's own output goes to OUT.bench. psql must be on PATH.
set -uo pipefail
count=$1; out=$2; cs=$3
root="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -n "${4:-}" ]; then export LJ_BENCH_BUILD_ROOT=$4; fi
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<< "$cs"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<< "$cs")
user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<< "$cs"); db=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<< "$cs")
q() { psql -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d "${db:-postgres}" -P pager=off "$@"; }
q -Atc "SELECT 1 FROM pg_stat_statements LIMIT 1" > /dev/null || { echo "pg_stat_statements is not readable there" >&2; exit 1; }

cd "$root"
before=$(pgrep -f "LoanJourney.Server.dll" || true)
LJ_BENCH_WARMUP=${LJ_BENCH_WARMUP:-800} dotnet run -c Release --no-build --project bench/LoanJourney.Bench -- journeys "$count" "$cs" > "$out.bench" 2>&1 &
bench=$!
server=""
while [ -z "$server" ] && kill -0 $bench 2>/dev/null; do
  sleep 0.3
  server=$(pgrep -f "LoanJourney.Server.dll" | grep -vxF "${before:-none}" | head -1 || true)
done
[ -n "$server" ] || { echo "the benchmark ended before its server started: $out.bench" >&2; exit 1; }
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat" 2>/dev/null || echo 0; }
previous=$(ticks); busy=0; quiet=0; phase=0
while kill -0 "$server" 2>/dev/null; do
  sleep 0.5
  now=$(ticks); used=$((now - previous)); previous=$now
  if [ $used -lt 8 ]; then quiet=$((quiet + 1)); else quiet=0; fi
  if [ $busy = 1 ] && [ $quiet -ge 4 ]; then busy=0; fi
  if [ $busy = 0 ] && [ $used -gt 25 ]; then
    busy=1; phase=$((phase + 1))
    if [ $phase = 3 ]; then
      sleep 3
      q -Atc "SELECT pg_stat_statements_reset()" > /dev/null
      sleep 15
      q -c "SELECT calls, round(total_exec_time::numeric, 0) AS exec_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
              round(max_exec_time::numeric, 1) AS max_ms, round(shared_blks_hit::numeric / calls, 1) AS hit,
              round(wal_records::numeric / calls, 1) AS wal_rec, round(wal_bytes::numeric / calls, 0) AS wal_b,
              left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
            FROM pg_stat_statements WHERE toplevel ORDER BY total_exec_time DESC LIMIT 25" > "$out.toplevel"
      q -c "SELECT calls, round(total_exec_time::numeric, 0) AS exec_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
              left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
            FROM pg_stat_statements WHERE NOT toplevel ORDER BY total_exec_time DESC LIMIT 20" > "$out.nested"
      q -Atc "SELECT sum(calls) FROM pg_stat_statements WHERE toplevel AND query LIKE 'INSERT INTO instances (%'" > "$out.starts"
    fi
  fi
done
wait $bench || true
grep -E "ratio|CPU ms" "$out.bench" || true
