#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs what the tests need, builds with zero
# warnings, runs every test project, and prints one closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

eng/install-prereqs.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The compiler server (VBCSCompiler) compiles every project in one warm process instead of starting and JIT-compiling
# the C# compiler once per project, which this machine's environment asks for (UseSharedCompilation=false): the
# build's wall time 174-175 s -> 113-116 s (two pairs, docs/PERFORMANCE.md "The test suite's wall time"). It is shut
# down right after the build so that nothing the build started outlives it or takes CPU from the tests.
build_status=0
dotnet build LoanJourney.sln -c Release -warnaserror -nologo -clp:ErrorsOnly -p:UseSharedCompilation=true || build_status=$?
dotnet build-server shutdown --vbcscompiler >/dev/null || true
[ "$build_status" -eq 0 ] || exit "$build_status"

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
status=0
dotnet test LoanJourney.sln -c Release --no-build --nologo \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results" \
  2>&1 | tee "$results/console.log" || status=$?

# The Studio's unit tests (vitest, headless jsdom); the .NET build above already ran `npm ci` for the Studio build.
(cd studio && npx vitest run --reporter=default --reporter=json --outputFile.json="../$results/studio-vitest.json") \
  2>&1 | tee -a "$results/console.log" || status=$?
studio_counts=$(node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} ${r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)} ${r.numPendingTests + r.numTodoTests}`);
' "$PWD/$results/studio-vitest.json" 2>/dev/null || echo "0 1 0")

# Each test assembly writes a TRX file whose <Counters> element holds its totals: add them up.
cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk -v studio="$studio_counts" '
  { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); sub("\"/?", "", kv[2]); v[kv[1]] += kv[2] } }
  END { split(studio, st, " "); v["passed"] += st[1]; v["failed"] += st[2]; v["notExecuted"] += st[3];
        printf "%d passed, %d failed, %d skipped\n", v["passed"], v["failed"] + v["error"] + v["timeout"] + v["aborted"], v["notExecuted"];
        if (v["passed"] == 0) exit 1 }' || status=1
exit "$status"
