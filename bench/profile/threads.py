#!/usr/bin/env python3
# Where the server's CPU goes by thread (issue 17, round 39), from bench/profile/attach.sh's OUT.threads (each thread's CPU
# over the 15 s, read from /proc/PID/task/*/stat) and, when given, its perf profile's samples by thread and by component.
#
#   python3 bench/profile/threads.py OUT.threads [OUT.script]   (OUT.script: perf script -i OUT.data -F comm,tid,ip,sym,dso)
#
# Threads are grouped by name (.NET names its own: ".NET TP Worker" thread-pool workers, which also run the group-commit
# writer's loop and Kestrel's request handling; ".NET Server GC" / ".NET BGC" the collector; ".NET Sockets" the socket engine's
# epoll thread; ".NET Tiered Com" the tiered compiler; ...). The components are lender-costs.py's rules folded into a few:
# the lender calls (every lender-path row of round 33's table), SQLite, the engine/server's own code, ASP.NET Core/Kestrel,
# the rest of logging and telemetry, sockets (both directions), and samples with no managed owner (kernel, runtime, GC).
import sys, collections, os
from perfstacks import thread_stacks
here = os.path.dirname(os.path.abspath(__file__))

ticks = collections.Counter(); count = collections.Counter(); total = 0
for line in open(sys.argv[1]):
    t, tid, name = line.rstrip("\n").split("\t", 2)
    if tid == "total": total = int(t); continue
    ticks[name] += int(t); count[name] += 1
listed = sum(ticks.values())
print(f"threads: {listed} clock ticks over the window in the threads alive at its end" + (f"; the process {total} (exited threads included)" if total else ""))
print("| thread (name) | threads | share of the CPU |")
print("| --- | ---: | ---: |")
for name, t in ticks.most_common():
    if t: print(f"| {name} | {count[name]} | {100 * t / max(1, total or listed):.1f} % |")
if total and total > listed: print(f"| (threads that exited during the window) | | {100 * (total - listed) / total:.1f} % |")
if len(sys.argv) < 3: sys.exit()

source = open(os.path.join(here, "lender-costs.py")).read()
rules = {}
exec(source[:source.index("pre = [")], rules)  # PRE and OWN only, not the script's main
import re
LENDER_OWN = {n for n, _ in rules["OWN"][:8]}  # classify … HttpClient: the lender path's own components
FOLD = {"SQLite": "SQLite", "ASP.NET Core / Kestrel": "ASP.NET Core / Kestrel (inbound)", "engine, activities, server, bench (other)": "engine and server's own code",
        "OpenTelemetry (other)": "logging and telemetry (other than the lender line)", "Serilog (other: request log, engine lines)": "logging and telemetry (other than the lender line)",
        "sockets (System.Net.Sockets)": "sockets (both directions)"}
pre = [(n, re.compile(p)) for n, p in rules["PRE"]]; own = [(n, re.compile(p)) for n, p in rules["OWN"]]
def component(frames):
    for n, c in pre:
        if any(c.search(f) for f in frames): return "lender calls"
    for f in frames:
        for n, c in own:
            if c.search(f): return "lender calls" if n in LENDER_OWN else FOLD[n]
    return "no managed owner (kernel, runtime, GC, thread pool)"
by = collections.Counter(); threads = collections.Counter(); samples = 0
for name, frames in thread_stacks(sys.argv[2]):
    samples += 1; c = component(frames); by[(name, c)] += 1; threads[name] += 1
comps = collections.Counter()
for (n, c), k in by.items(): comps[c] += k
print(f"\nperf samples {samples}; component shares (all threads), then by thread")
print("| component | all threads | " + " | ".join(n for n, _ in threads.most_common(5)) + " |")
print("| --- | ---: | " + " | ".join("---:" for _ in threads.most_common(5)) + " |")
for c, k in comps.most_common():
    print(f"| {c} | {100 * k / samples:.1f} % | " + " | ".join(f"{100 * by[(n, c)] / samples:.1f} %" for n, _ in threads.most_common(5)) + " |")
print("| (thread's share of the samples) | 100 % | " + " | ".join(f"{100 * k / samples:.1f} %" for _, k in threads.most_common(5)) + " |")
