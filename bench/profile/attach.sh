#!/usr/bin/env bash
# Profiles the server of `journeys` during its measured engine run, not its start-up or warm-up.
#
#   bench/profile/attach.sh perf|counters|alloc|exceptions|statements COUNT OUT [BUILD_ROOT]
#
# Runs `LJ_BENCH_WARMUP=800 dotnet run -c Release --no-build --project bench/LoanJourney.Bench -- journeys COUNT` from this
# checkout (the server and sandbox of BUILD_ROOT when given: LJ_BENCH_BUILD_ROOT) and watches the server's CPU every 0.5 s.
# The server is busy three times: its start-up, the engine warm-up, the measured engine run (the bare runs in between
# leave it idle; at a high load the first two merge). At the first busy phase after an idle of >= 60 % of COUNT/250 s (and
# >= 5 s: the bare run before the measured one; use COUNT >= 3000 so the bare warm-up's idle is shorter), 3 s in, it
# attaches for 15 s (10 s for alloc):
#   perf      perf record -F 999 -g (server started with DOTNET_PerfMapEnabled=1): OUT.data, read with perf report/script;
#             also OUT.threads, as below, over the same 15 s
#   threads   each thread's CPU over 15 s from /proc/PID/task/*/stat (utime + stime, clock ticks, before and after; no
#             profiler attached): OUT.threads, one line per thread (ticks, tid, name), read with bench/profile/threads.py
#   counters  dotnet-counters collect System.Runtime every second for the whole run: OUT.csv (JIT, GC, allocation rate,
#             exceptions, thread pool)
#   alloc     dotnet-trace of the runtime's GC events at verbose level (an AllocationTick with its stack every ~100 KB
#             allocated): OUT.nettrace, read with `dotnet run bench/profile/alloc-sites.cs -- OUT.nettrace`
#   statements  (PostgreSQL: LJ_BENCH_POSTGRES set, below) pg_stat_statements reset at the attach and read 15 s later:
#             OUT.toplevel (the statements the engine sent: calls, execution time — wall, lock and WAL waits included —,
#             buffers hit, WAL records and bytes per call), OUT.nested (what the triggers run inside them; their time is also
#             in their statement's), OUT.starts (journeys started in the window, to divide by). The server must load
#             pg_stat_statements (shared_preload_libraries = 'pg_stat_statements', pg_stat_statements.track = all,
#             track_io_timing = on, then CREATE EXTENSION pg_stat_statements in the connection string's database); psql on PATH
#   exceptions  dotnet-trace of the runtime's exception events (each thrown exception with its stack) for 10 s:
#             OUT.nettrace, read with `dotnet run bench/profile/exception-sites.cs -- OUT.nettrace`
#             (COUNT 3000: a 600-journey run can end before the trace does, which leaves it unreadable)
# With LJ_BENCH_POSTGRES set to a connection string, the benchmark runs its server on that PostgreSQL (a fresh schema).
# The benchmark's own output goes to OUT.bench, the phases seen to OUT.phases. dotnet-counters and dotnet-trace are found
# on PATH or in $LJ_PROFILE_TOOLS (e.g. `dotnet tool install --tool-path /tmp/dtools dotnet-trace --version 10.0.750501`).
# A profile taken at the first busy phase measures the JIT: the tiered compiler's worker was 23 % of the samples of the
# engine warm-up and nothing of the measured run (docs/PERFORMANCE.md, round 24).
set -euo pipefail
mode=$1; count=$2; out=$3
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools=${LJ_PROFILE_TOOLS:-}
tool() { if [ -n "$tools" ]; then echo "$tools/$1"; else command -v "$1"; fi; }
case $mode in
  perf) export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ;;
  counters|alloc|exceptions|threads) ;;
  statements)
    cs=${LJ_BENCH_POSTGRES:?statements: set LJ_BENCH_POSTGRES to the PostgreSQL connection string}
    field() { sed -n "s/.*$1=\([^;]*\).*/\1/p" <<< "$cs"; }
    q() { psql -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" -d "$(field Database)" -P pager=off "$@"; }
    q -Atc "SELECT 1 FROM pg_stat_statements LIMIT 1" > /dev/null || { echo "pg_stat_statements is not readable there" >&2; exit 1; } ;;
  *) echo "mode: perf, threads, counters, alloc, exceptions or statements" >&2; exit 2 ;;
esac
if [ -n "${4:-}" ]; then export LJ_BENCH_BUILD_ROOT=$4; fi

cd "$root"
# Only this run's server: its dll lies under the build root (other helpers' and CI's servers may start at the same time).
dll="${LJ_BENCH_BUILD_ROOT:-$root}/src/LoanJourney.Server/bin/Release/net10.0/LoanJourney.Server.dll"
before=$(pgrep -f "$dll" || true)
LJ_BENCH_WARMUP=${LJ_BENCH_WARMUP:-800} dotnet run -c Release --no-build --project bench/LoanJourney.Bench -- journeys "$count" ${LJ_BENCH_POSTGRES:+"$LJ_BENCH_POSTGRES"} > "$out.bench" 2>&1 &
bench=$!
server=""
while [ -z "$server" ] && kill -0 $bench 2>/dev/null; do
  sleep 0.3
  server=$(pgrep -f "$dll" | grep -vxF "${before:-none}" | head -1 || true)
done
[ -n "$server" ] || { echo "the benchmark ended before its server started: $out.bench" >&2; exit 1; }
echo "server $server: $(tr '\0' ' ' < "/proc/$server/cmdline")" > "$out.phases"
collector=""
if [ "$mode" = counters ]; then
  "$(tool dotnet-counters)" collect -p "$server" --counters System.Runtime --refresh-interval 1 --format csv -o "$out.csv" > /dev/null 2>&1 &
  collector=$!
fi

# Every thread's utime + stime in clock ticks, one line each: tid ticks name (the name between the first '(' and the last ')').
tasks() {
  awk '{ sub(/^.*\) /, ""); print "total\t" $12 + $13 "\tprocess (exited threads included)" }' "/proc/$server/stat" 2>/dev/null
  for f in /proc/"$server"/task/*/stat; do
    sed -n 's/^\([0-9]*\) (\(.*\)) [A-Za-z] \(.*\)$/\1\t\3\t\2/p' "$f" 2>/dev/null | awk -F'\t' '{ split($2, a, " "); print $1 "\t" a[11] + a[12] "\t" $3 }' || true   # a thread gone meanwhile: sed exits 2
  done
}
snapshot() { tasks > "$out.threads.$1"; }
thread_diff() {
  awk -F'\t' 'NR == FNR { t0[$1] = $2; next } { print ($2 - ($1 in t0 ? t0[$1] : 0)) "\t" $1 "\t" $3 }' "$out.threads.0" "$out.threads.1" | sort -rn > "$out.threads"
  rm -f "$out.threads.0" "$out.threads.1"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat" 2>/dev/null || echo 0; }
previous=$(ticks); busy=0; quiet=0; phase=0; attached=0; idle_len=0
idle_needed=$(( count * 2 * 6 / 10 / 250 )); [ $idle_needed -ge 10 ] || idle_needed=10   # half-seconds: 60 % of COUNT/250 s, >= 5 s
while kill -0 "$server" 2>/dev/null; do
  sleep 0.5
  now=$(ticks); used=$((now - previous)); previous=$now
  if [ $used -lt 8 ]; then quiet=$((quiet + 1)); else quiet=0; fi
  if [ $busy = 1 ] && [ $quiet -ge 4 ]; then busy=0; idle_len=4; echo "idle $(date +%T)" >> "$out.phases"; fi
  if [ $busy = 0 ]; then idle_len=$((idle_len + 1)); fi   # half-seconds since the last busy phase ended (blips under 25 ticks included)
  if [ $busy = 0 ] && [ $used -gt 25 ]; then
    busy=1; phase=$((phase + 1)); echo "busy $phase $(date +%T)" >> "$out.phases"
    # The measured run is the first busy phase after the bare run's idle: COUNT bare journeys at <= 250/s leave the server
    # idle >= COUNT/250 s, longer than the bare warm-up's 800 (~3-5 s) when COUNT is 3000. At a high load the start-up and
    # the warm-up merge into one busy phase, so counting to the third (as before session 49) can miss the measured run.
    if [ $attached = 0 ] && [ $phase -ge 2 ] && [ $idle_len -ge $idle_needed ]; then
      attached=1; echo "attach (after ${idle_len} idle half-seconds)" >> "$out.phases"
      sleep 3
      case $mode in
        perf) snapshot 0; perf record -F 999 -g -p "$server" -o "$out.data" -- sleep 15 2>> "$out.phases"; snapshot 1; thread_diff ;;
        threads) snapshot 0; sleep 15; snapshot 1; thread_diff ;;
        alloc) "$(tool dotnet-trace)" collect -p "$server" --providers Microsoft-Windows-DotNETRuntime:0x1:5 --duration 00:00:00:10 \
                 -o "$out.nettrace" > /dev/null 2>> "$out.phases" ;;
        exceptions) "$(tool dotnet-trace)" collect -p "$server" --providers Microsoft-Windows-DotNETRuntime:0x8000:4 --duration 00:00:00:10 \
                 -o "$out.nettrace" > /dev/null 2>> "$out.phases" ;;
        statements)
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
          q -Atc "SELECT sum(calls) FROM pg_stat_statements WHERE toplevel AND query LIKE 'INSERT INTO instances (%'" > "$out.starts" ;;
      esac
    fi
  fi
done
wait $bench || true
if [ -n "$collector" ]; then wait "$collector" || true; fi
grep -E "ratio|CPU ms" "$out.bench" || true
# The bench prints its server's pid: the attached one must be it.
grep -q "server (pid $server," "$out.bench" && echo "attached to the bench's server $server" || echo "WARNING: attached to $server, not the bench's server" >&2
