#!/usr/bin/env python3
# Where a webhook's server CPU goes beyond a no-op GET's, from a perf profile of the server over one `ingest` run
# (docs/PERFORMANCE.md, round 41):
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet <bench>.dll ingest 20000 &   (then, once its server runs:)
#   perf record -F 999 -g -p <server pid> -o OUT.data        (stopped after the bench ends; keep /tmp/perf-<pid>.map)
#   perf script -i OUT.data -F comm,tid,time,ip,sym,dso > OUT.script
#   python3 bench/profile/webhook-costs.py OUT.script 5000   (requests per measured phase: ingest's count / 4)
# The phases are told apart by time: a 20 ms slice with a webhook-only frame (the handler, the group commit, SQLite) is a
# POST slice, one with samples and none is a GET slice; runs of one kind are phases. The last 8 must alternate GET, POST
# (the measured rounds; checked), and the first of them runs on from the warm-up's last GET phase, so the GET figures are
# the last three GET phases. A sample goes to the first rule matching its frames from the leaf up (rows add up); OpenSSL's
# frames carry no frame pointers, so crypto shows as one row whose caller is unknown.
import sys, re, collections
path = sys.argv[1]; per_phase = int(sys.argv[2]); hz = float(sys.argv[3]) if len(sys.argv) > 3 else 999.0
RULES = [
 ("JIT (tiered compilation)", r"libclrjit|TieredCompilation"),
 ("signature / secret check (WebhookVerifier)", r"WebhookVerifier::"),
 ("body read (JsonBody.ReadRawAsync)", r"JsonBody::ReadRaw|JsonBody\+<ReadRaw"),
 ("body parse (WebhookBody.TryParse: UTF-8 check, JsonDocument)", r"WebhookBody::TryParse"),
 ("field reads (Required, SourcingWebhook.TryRead)", r"WebhookBody::(Required|Value)|SourcingWebhook::TryRead|KeyValues::"),
 ("event id (DeriveEventId, SHA-256)", r"SourcingWebhook::DeriveEventId"),
 ("log key (PrivacyHash.Of SHA-256, Pii.ScrubText, WebhookKeys)", r"PrivacyHash::|Pii::|WebhookKeys::"),
 ("test-run lookup (TestRunWebhooks)", r"TestRunWebhooks"),
 ("body as text (WebhookBody.Text)", r"WebhookBody::get_Text"),
 ("payload protection (Data Protection Protect, AES-GCM)", r"PayloadProtector|DataProtection"),
 ("commit: fsync", r"sys_fsync|do_fsync|ext4_sync_file|file_write_and_wait|jbd2"),
 ("commit: WAL write (pwrite)", r"sys_pwrite64|ksys_pwrite"),
 ("commit: SQLite native", r"libe_sqlite3"),
 ("commit: Microsoft.Data.Sqlite / SQLitePCL", r"Microsoft\.Data\.Sqlite|SQLitePCL"),
 ("commit: store + group-commit writer (managed)", r"SqliteWorkflowStore|GroupCommit|SqliteStatementCache|WorkflowClient::DeliverWebhook"),
 ("logging (Serilog request line, ServerLog, diagnostic context)", r"Serilog|Microsoft\.Extensions\.Logging|ServerLog::|DiagnosticContext"),
 ("metrics / tracing (Meter, Activity, telemetry)", r"System\.Diagnostics\.Metrics|Instrument|Meter|System\.Diagnostics\.Activity|Telemetry|OpenTelemetry"),
 ("202 body / results (JSON write)", r"WebhookAcceptedView|HealthView|HttpResults|Utf8JsonWriter|JsonSerializer"),
 ("webhook handler's own (WebhooksApi)", r"WebhooksApi"),
 ("GC", r"gc_heap|WKS::|SVR::|GCHeap|\.NET Server GC"),
 ("Kestrel + pipelines", r"Microsoft\.AspNetCore\.Server\.Kestrel|System\.IO\.Pipelines"),
 ("ASP.NET Core (middleware, routing, endpoint)", r"Microsoft\.AspNetCore\."),
 ("kernel: sockets / epoll", r"tcp_|sock_|epoll|__sys_(sendto|recvfrom)|inet_|skb|netif|ip_(rcv|output|finish)|__x64_sys_(read|write)v?$"),
 ("kernel: futex / scheduling", r"futex|schedule|__switch_to|try_to_wake_up|finish_task_switch"),
 ("thread pool + async machinery", r"System\.Threading\.|System\.Runtime\.CompilerServices\.AsyncTaskMethodBuilder|AsyncStateMachineBox"),
]
rules = [(n, re.compile(p)) for n, p in RULES]
webhook = re.compile(r"WebhooksApi|DeliverWebhook|GroupCommit|libe_sqlite3")
samples = []  # (time, category, is_webhook)
head = None; frames = []
def flush():
    if head is None or not frames: return
    comm, t = head
    cat = None
    if comm.startswith(".NET Tiered"): cat = "JIT (tiered compilation)"
    else:
        for f in frames:
            cat = next((n for n, c in rules if c.search(f)), None)
            if cat: break
    if cat is None:
        leaf = frames[0]
        cat = ("other: kernel" if "[kernel" in leaf else "other: runtime (libcoreclr)" if "libcoreclr" in leaf
               else "crypto in OpenSSL, caller unknown (libcrypto: SHA-256, HMAC, AES-GCM)" if "libcrypto" in leaf
               else "other: libc (malloc, memset/memmove, strcmp, mutex)" if "/libc.so" in leaf else "other: managed (CoreLib, …) and the rest")
    samples.append((t, cat, any(webhook.search(f) for f in frames)))
for line in open(path, errors="replace"):
    if not line.strip():
        flush(); head = None; frames = []; continue
    if line[0] not in " \t":
        flush(); frames = []
        m = re.match(r"^(.*?)\s+(\d+)\s+([\d.]+):", line)
        head = (m.group(1).strip(), float(m.group(3))) if m else None
        continue
    frames.append(line.strip())
flush()
samples.sort()
# 20 ms buckets: POST if any webhook-only frame in it, GET otherwise; phases are runs of one kind separated by idle.
B = 0.02; t0 = samples[0][0]
kind = {}
for t, c, w in samples:
    b = int((t - t0) / B); kind[b] = kind.get(b, False) or w
keys = sorted(kind)
# fill isolated GET buckets inside POST runs (a POST phase's bucket can miss the handler by chance)
seq = [(b, kind[b]) for b in keys]
phases = []; cur = None
for b, w in seq:
    if cur and cur[0] == w and b - cur[2] <= 5: cur[2] = b; continue
    if cur and not w and cur[0] and b - cur[2] <= 1:
        # a single non-webhook bucket inside a POST run: look ahead handled by merging below
        pass
    cur = [w, b, b]; phases.append(cur)
# merge: short (< 5 buckets) runs absorbed into neighbours
merged = []
for p in phases:
    if merged and (p[2] - p[1] < 5 or merged[-1][0] == p[0]) and p[1] - merged[-1][2] <= 5:
        merged[-1][2] = p[2]
    else: merged.append(list(p))
merged = [p for p in merged if p[2] - p[1] >= 10]
print("phases:", " ".join(("POST" if p[0] else "GET") + f"[{(p[2]-p[1]+1)*B:.1f}s]" for p in merged), file=sys.stderr)
measured = merged[-8:]
assert [p[0] for p in measured] == [False, True] * 4, [p[0] for p in measured]
get = collections.Counter(); post = collections.Counter()
# the warm-up ends with a GET phase and the measured rounds start with one: the two run together, so the first GET
# segment is left out and the GET figures are the last three measured GET phases
measured = measured[1:]
for t, c, w in samples:
    b = int((t - t0) / B)
    for p in measured:
        if p[1] <= b <= p[2]:
            (post if p[0] else get)[c] += 1
            break
ug = 1e6 / hz / (per_phase * 3); us = 1e6 / hz / (per_phase * 4)
cats = sorted(set(get) | set(post), key=lambda c: -(post[c] * 3 - get[c] * 4))
print("| component (leaf-most matching frame; rows add up) | GET µs | webhook µs | webhook − GET |")
print("| --- | ---: | ---: | ---: |")
for c in cats:
    print(f"| {c} | {get[c]*ug:.1f} | {post[c]*us:.1f} | {post[c]*us-get[c]*ug:+.1f} |")
G=sum(get.values())*ug; P=sum(post.values())*us
print(f"| **total** | **{G:.1f}** | **{P:.1f}** | **{P-G:+.1f}** |")
