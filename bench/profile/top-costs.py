#!/usr/bin/env python3
# The server's top costs under `journeys` (issue 17, round 46): exclusive (the sampled leaf), inclusive (anywhere on the
# stack, once per sample), and by owner (the innermost LoanJourney frame, with the framework code it called; samples with
# no LoanJourney frame go to the framework by the innermost managed frame's namespace, or to their native module), next
# to round 24's table (the same rows, inclusive).
#
#   perf script -i OUT.data -F comm,tid,ip,sym,dso > OUT.script   (the process's /tmp/perf-PID.map must still be there)
#   python3 bench/profile/top-costs.py OUT.script CPU_MS_PER_JOURNEY [ROWS=25]
#
# Shares are of all the server's samples; µs per journey = share × CPU per journey. An async method's inclusive share
# counts the continuations that ran under its MoveNext (the rest of a step after an await), so the owner table, not the
# inclusive one, is the cost of a method and what it calls.
import sys, re, collections, os
from perfstacks import stacks

MANAGED = re.compile(r"([\w.`+<>\[\]$-]+)::([\w.<>`$-]+)")
ASYNC = re.compile(r"\+<([\w]+)>d__\d+$")
LAMBDA = re.compile(r"\+<>c(__DisplayClass[\w]+)?\+<<(\w+)>b__[\w]+>d(__\d+)?$")


def frame(line):
    """(name, module, managed) of one perf-script frame line: 'ip sym (dso)'."""
    parts = line.split(None, 1)
    rest = parts[1] if len(parts) > 1 else ""
    dso = ""
    if rest.endswith(")") and " (" in rest:
        rest, dso = rest.rsplit(" (", 1)
        dso = dso[:-1]
    m = MANAGED.search(rest)
    if m and ("perf-" in dso or "[" in rest or not dso):
        typ, meth = m.group(1), m.group(2)
        typ = re.sub(r"^\[[^\]]*\]", "", typ)
        typ = re.sub(r"`\d+\[.*\]$", "", typ)          # generic arguments of a state machine: d__5`1[System.__Canon]
        lam = LAMBDA.search(typ)
        if lam:                                           # an async lambda: +<>c__DisplayClass208_0+<<GetOpenIntentsAsync>b__0>d
            typ, meth = typ[:lam.start()], lam.group(2) + " (lambda)"
        a = ASYNC.search(typ)
        if a and meth == "MoveNext":
            typ, meth = typ[:a.start()], a.group(1)
        typ = re.sub(r"\+<>c(__DisplayClass[\w]+)?$", "", typ)
        meth = re.sub(r"^<(\w+)>[gb]__.*$", r"\1", meth)
        return f"{typ}::{meth}", "JIT-compiled .NET", True
    mod = os.path.basename(dso) if dso else "?"
    if mod.startswith("perf-"): mod = "JIT-compiled .NET"
    if "kernel" in mod: mod = "kernel"
    sym = rest.split("+0x")[0].strip() or "[unknown]"
    return f"{sym} ({mod})", mod, False


def namespace(name):
    n = name.split("::")[0]
    parts = n.split(".")
    if parts[0] in ("System", "Microsoft"): return ".".join(parts[:3]) if len(parts) > 2 else ".".join(parts[:2])
    return parts[0]


ROUND24 = [
    ("the SQLite writer's batches (`CommitBatchAsync`)", r"::CommitBatch"),
    ("… of it the step commit (`SqliteWorkflowStore.Commit`)", r"SqliteWorkflowStore::Commit$|SqliteWorkflowStore::CommitOne|SqliteWorkflowStore::Commit\b"),
    ("… of it the journal's rows (`InsertJournal`)", r"::InsertJournal"),
    ("logging (Serilog's own frames)", r"^Serilog\."),
    ("… `LenderLog.CallCompleted` (the line per lender call)", r"LenderLog::"),
    ("… the console sink", r"Serilog\.Sinks\.(SystemConsole|Console)"),
    ("OpenTelemetry (its own frames)", r"^OpenTelemetry\."),
    ("`JsonBodyMasker`", r"JsonBodyMasker::"),
    ("store reads (`ReadAsync`)", r"SqliteWorkflowStore::Read"),
    ("Kestrel inbound", r"Microsoft\.AspNetCore\.Server\.Kestrel"),
    ("`sendto` / `fsync`", r"(__sys_sendto|sendto|__x64_sys_fsync|fdatasync|fsync) \("),
    ("once-only intents", r"Intent"),
    ("`EngineJson.Parse*`", r"EngineJson::Parse"),
    ("`FunnelDelta`", r"FunnelDelta"),
    ("start request (`InstancesApi.StartAsync`)", r"InstancesApi::Start"),
    ("live feed (`EventsApi`, change marks)", r"EventsApi|ChangeMark|GetChanges"),
    ("history written (`WriteHistory`)", r"::WriteHistory"),
    ("binding resolution (`Bindings.Resolve`)", r"Bindings::Resolve"),
    ("`LenderStatusCode`", r"LenderStatusCode::"),
    ("Data Protection", r"DataProtection|PayloadProtect"),
    ("the hold's row read (`GetInstanceMark`)", r"GetInstanceMark"),
]
# Features added on the step path since round 24 (sessions 30-48), inclusive.
NEW = [
    ("the packed journal (pack / unpack, zstd, Brotli)", r"Pack|Zstd|ZstdSharp|Brotli"),
    ("signal answers", r"Signal"),
    ("deferrals", r"Defer"),
    ("breakers", r"Breaker"),
    ("lender misconfiguration incident", r"Misconfig"),
    ("audit", r"Audit"),
    ("payload protection (AES-GCM)", r"AesGcm|PayloadCipher|PayloadKeys|Protector"),
]


def main():
    path, ms = sys.argv[1], float(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    total = 0
    excl, mods, incl, owner, kind = (collections.Counter() for _ in range(5))
    r24 = collections.Counter(); new = collections.Counter()
    c24 = [(n, re.compile(p)) for n, p in ROUND24]; cnew = [(n, re.compile(p)) for n, p in NEW]
    for raw in stacks(path):
        fs = [frame(l) for l in raw]
        if not fs: continue
        total += 1
        excl[fs[0][0]] += 1; mods[fs[0][1]] += 1
        names = {f[0] for f in fs}
        for n in names: incl[n] += 1
        eng = next((f[0] for f in fs if f[2] and f[0].startswith("LoanJourney.")), None)
        if eng:
            owner[eng] += 1; kind["engine-owned (a LoanJourney frame on the stack; the innermost one's)"] += 1
        else:
            man = next((f[0] for f in fs if f[2]), None)
            if man: owner["[framework] " + namespace(man)] += 1; kind["framework (managed, no LoanJourney frame)"] += 1
            else: owner["[native] " + fs[0][1]] += 1; kind["no managed frame (kernel, runtime, GC, native threads)"] += 1
        for n, c in c24:
            if any(c.search(x) for x in names): r24[n] += 1
        for n, c in cnew:
            if any(c.search(x) for x in names if x.startswith("LoanJourney.") or "Zstd" in x or "Brotli" in x): new[n] += 1

    def pct(c): return f"{100 * c / total:.1f} %"
    def us(c): return f"{1000 * ms * c / total:.0f}"
    print(f"samples {total}; {ms} ms of server CPU per journey\n")
    print("| owner kind | share | µs per journey |\n| --- | ---: | ---: |")
    for n, c in kind.most_common(): print(f"| {n} | {pct(c)} | {us(c)} |")
    print("\n| leaf module (exclusive) | share |\n| --- | ---: |")
    for n, c in mods.most_common(8): print(f"| {n} | {pct(c)} |")
    print(f"\nBy owner (innermost LoanJourney frame with what it called; else framework namespace / native module), top {rows}:")
    print("| owner | share | µs per journey |\n| --- | ---: | ---: |")
    for n, c in owner.most_common(rows): print(f"| `{n}` | {pct(c)} | {us(c)} |")
    print(f"\nExclusive (the sampled leaf), top {rows}:")
    print("| leaf | share |\n| --- | ---: |")
    for n, c in excl.most_common(rows): print(f"| `{n}` | {pct(c)} |")
    print(f"\nInclusive, engine-owned methods (anywhere on the stack), top {rows}:")
    print("| method | share |\n| --- | ---: |")
    for n, c in [x for x in incl.most_common() if x[0].startswith("LoanJourney.")][:rows]: print(f"| `{n}` | {pct(c)} |")
    print(f"\nInclusive, framework methods, top {rows}:")
    print("| method | share |\n| --- | ---: |")
    for n, c in [x for x in incl.most_common() if not x[0].startswith("LoanJourney.") and "::" in x[0]][:rows]:
        print(f"| `{n}` | {pct(c)} |")
    print("\nRound 24's rows (inclusive):")
    print("| cost | share |\n| --- | ---: |")
    for n, _ in ROUND24: print(f"| {n} | {pct(r24[n])} |")
    print("\nFeatures added since (inclusive, engine frames matching):")
    print("| cost | share |\n| --- | ---: |")
    for n, _ in NEW: print(f"| {n} | {pct(new[n])} |")


main()
