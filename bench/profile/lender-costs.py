#!/usr/bin/env python3
# Splits a perf profile of the server (or of the bench process during its bare run) into the lender call's costs.
#
#   perf script -i OUT.data -F comm,tid,ip,sym,dso > OUT.script   (the process's /tmp/perf-PID.map must still be there)
#   python3 bench/profile/lender-costs.py OUT.script CPU_MS_PER_JOURNEY [CALLS_PER_JOURNEY=20]
#
# Prints a Markdown table: share of the samples and µs per lender call (share × CPU per journey ÷ calls). Each sample goes to
# the first rule its stack matches: first the synchronous methods in PRE with everything under them, then the innermost
# component in OWN (an await continuation runs under the frames of the async method that completed, so an async frame's
# "inclusive" share is not its cost). docs/PERFORMANCE.md, round 33.
import sys, re, collections
from perfstacks import stacks
# First: inclusive rules for synchronous frames (anything under them is theirs); then leaf-up first owner.
PRE = [
 ("log line per call (LenderLog: MEL → Serilog → console write)", r"LoanJourney\.Lenders\.Common\.LenderLog::"),
 ("answer parsed for its code (LenderStatusCode)", r"LoanJourney\.Lenders\.Common\.LenderStatusCode::"),
 ("masking request and answer (JsonBodyMasker, Pii)", r"LoanJourney\.Lenders\.Common\.(JsonBodyMasker|Pii)::"),
 ("request body described (LenderBodyDescriber)", r"LoanJourney\.Lenders\.Common\.LenderBodyDescriber"),
 ("lender duration histogram (LenderTelemetry.Record + OTel)", r"LoanJourney\.Lenders\.Common\.LenderTelemetry::Record"),
 ("HttpClient metrics (System.Net.Http.Metrics + OTel)", r"System\.Net\.Http\.Metrics\.(MetricsHandler::(RequestStart|RequestStop)|ConnectionMetrics::)"),
 ("journal entry built (LenderCalls.ToJson, Body)", r"LoanJourney\.Activities\.Journey\.LenderCalls::(ToJson|Body)"),
 ("capture (LenderCallCapture)", r"LoanJourney\.Lenders\.Common\.LenderCallCapture::"),
 ("deserialise typed body (LenderCaller.Deserialize)", r"LoanJourney\.Lenders\.Common\.LenderCaller::Deserialize"),
]
OWN = [
 ("classify + rest of LenderCaller", r"LoanJourney\.Lenders\.Common\.LenderCaller|Classifier::|LenderCodeTable"),
 ("recorder's own (paths, record, read)", r"LoanJourney\.Lenders\.Common\.(LenderCallRecordingHandler|LenderPath|LenderCallRecord|LenderAnswer)"),
 ("telemetry handler's own", r"LoanJourney\.Lenders\.Common\.LenderTelemetryHandler"),
 ("typed clients", r"LoanJourney\.Lenders\.(FinBoxPrism|PartnerToken|FinBoxSourcing|CapitalFloat)\.\w+Client"),
 ("Refit (request built, body serialised)", r"\[Refit\]|Refit\."),
 ("resilience pipeline (Polly, Http.Resilience)", r"\[Polly|Polly\.|Microsoft\.Extensions\.Http\.Resilience|Microsoft\.Extensions\.Resilience"),
 ("IHttpClientFactory handlers", r"Microsoft\.Extensions\.Http\."),
 ("HttpClient / SocketsHttpHandler", r"System\.Net\.Http\."),
 ("OpenTelemetry (other)", r"OpenTelemetry"),
 ("Serilog (other: request log, engine lines)", r"Serilog"),
 ("sockets (System.Net.Sockets)", r"System\.Net\.Sockets"),
 ("SQLite", r"Sqlite|sqlite|libe_sqlite3"),
 ("ASP.NET Core / Kestrel", r"Microsoft\.AspNetCore"),
 ("engine, activities, server, bench (other)", r"LoanJourney\."),
]
pre = [(n, re.compile(p)) for n, p in PRE]; own = [(n, re.compile(p)) for n, p in OWN]
counts = collections.Counter(); total = 0
def flush(frames):
    global total
    if not frames: return
    total += 1
    for n, c in pre:
        if any(c.search(f) for f in frames): counts[n] += 1; return
    for f in frames:
        for n, c in own:
            if c.search(f): counts[n] += 1; return
    counts["no managed owner (kernel, runtime, GC, thread pool)"] += 1
for frames in stacks(sys.argv[1]):
    flush(frames)
ms = float(sys.argv[2]); calls = int(sys.argv[3]) if len(sys.argv) > 3 else 20
print(f"samples {total}; {ms} ms CPU per journey, {calls} calls")
for n, c in counts.most_common():
    share = c/total
    print(f"| {n} | {100*share:.1f} % | {1000*ms*share/calls:.1f} |")
