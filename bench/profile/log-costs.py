#!/usr/bin/env python3
# Splits the server's log-line cost in a perf profile into its parts (docs/PERFORMANCE.md, round 34).
#
#   perf script -i OUT.data -F comm,tid,ip,sym,dso > OUT.script   (the process's /tmp/perf-PID.map must still be there)
#   python3 bench/profile/log-costs.py OUT.script CPU_MS_PER_JOURNEY [LINES_PER_JOURNEY=24] [LENDER_CALLS=20]
#
# Two tables: every sample with a Serilog or Microsoft.Extensions.Logging frame on its stack (all of the server's lines), and
# those under LenderLog (the lender call's line). A sample goes to the first rule that matches walking from the leaf to the
# root, so a system call is given to the managed frame that made it (the console's write to ConsoleSink, the file's to the
# file sink, the named mutex's wait and release to Mutex/WaitHandle).
import sys, re, collections
from perfstacks import stacks
RULES = [
 ("file: named mutex (SharedFileSink's OS mutex, wait + release)", r"System\.Threading\.(Mutex|WaitHandle)::"),
 ("file: seek to end + length (SharedFileSink)", r"(FileStream|FileStreamStrategy|BufferedFileStreamStrategy|UnixFileStreamStrategy|OSFileStreamStrategy|RandomAccess|SafeFileHandle)::(Seek|get_Length|GetFileLength|GetLength)"),
 ("file: JSON formatter", r"Serilog\.Formatting\.Json\."),
 ("file: sink's own + its write per event (StreamWriter/FileStream flush)", r"Serilog\.Sinks\.File\."),
 ("console: template rendering (theme, tokens)", r"Serilog\.Sinks\.SystemConsole\.(Output|Rendering|Themes|Formatting)"),
 ("console: sink's own + its write per line", r"Serilog\.Sinks\.SystemConsole\."),
 ("scrubber (ScrubbedExceptionSink)", r"ScrubbedExceptionSink"),
 ("masked path enricher", r"MaskedRequestPathEnricher"),
 ("LogContext enricher", r"Serilog\.Context\."),
 ("bridge: Serilog.Extensions.Logging (MEL state → LogEvent)", r"Serilog\.Extensions\.Logging\."),
 ("Microsoft.Extensions.Logging (LoggerMessage, Logger fan-out)", r"Microsoft\.Extensions\.Logging\."),
 ("Serilog core (Logger.Write, template parse, property binding, wrap)", r"Serilog\."),
 ("LenderLog's own", r"LoanJourney\.Lenders\.Common\.LenderLog::"),
]
rules = [(n, re.compile(p)) for n, p in RULES]
logging = re.compile(r"Serilog\.|Microsoft\.Extensions\.Logging\.")
lender = re.compile(r"LoanJourney\.Lenders\.Common\.LenderLog::")
all_counts = collections.Counter(); lender_counts = collections.Counter(); total = 0
def flush(frames):
    global total
    if not frames: return
    total += 1
    if not any(logging.search(f) for f in frames): return
    name = "other (runtime/kernel under a logging frame)"
    for f in frames:
        hit = next((n for n, c in rules if c.search(f)), None)
        if hit: name = hit; break
    all_counts[name] += 1
    if any(lender.search(f) for f in frames): lender_counts[name] += 1
for frames in stacks(sys.argv[1]):
    flush(frames)
ms = float(sys.argv[2]); lines = int(sys.argv[3]) if len(sys.argv) > 3 else 24; calls = int(sys.argv[4]) if len(sys.argv) > 4 else 20
print(f"samples {total}; {ms} ms CPU per journey; {lines} lines, {calls} lender calls per journey")
for title, counts, per in (("every line", all_counts, lines), ("the lender call's line (under LenderLog)", lender_counts, calls)):
    print(f"\n{title}: {sum(counts.values())} samples, {100 * sum(counts.values()) / total:.1f} %, "
          f"{sum(counts.values()) / total * ms * 1000 / per:.1f} µs per line\n")
    print("| part | share of samples | µs per line |\n| --- | ---: | ---: |")
    for n, c in counts.most_common():
        print(f"| {n} | {100 * c / total:.2f} % | {c / total * ms * 1000 / per:.1f} |")
