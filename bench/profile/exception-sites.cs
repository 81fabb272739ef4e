#:package Microsoft.Diagnostics.Tracing.TraceEvent@4.0.0
// Where the server's exceptions are thrown, from a trace of `bench/profile/attach.sh exceptions` (the runtime's
// ExceptionThrown event with its stack):
//   dotnet run bench/profile/exception-sites.cs -- OUT.nettrace
// Prints how many were thrown and, by type and stack (the first twelve frames), how often. A first-chance exception costs tens
// of µs; session 36 found ~50 a second from the live feed's cancelled channel waits this way (docs/PERFORMANCE.md, round 26).
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run bench/profile/exception-sites.cs -- <trace.nettrace>");
    return 2;
}

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var bySite = new Dictionary<string, int>();
var total = 0;
foreach (var ev in log.Events)
{
    if (ev is not ExceptionTraceData thrown)
    {
        continue;
    }

    total++;
    var frames = new List<string>();
    for (var frame = ev.CallStack(); frame is not null && frames.Count < 12; frame = frame.Caller)
    {
        if (frame.CodeAddress.FullMethodName is { Length: > 0 } name)
        {
            frames.Add(name);
        }
    }

    var site = $"{thrown.ExceptionType}\n        {string.Join("\n        <- ", frames)}";
    bySite[site] = bySite.GetValueOrDefault(site) + 1;
}

Console.WriteLine($"{total} exceptions thrown in {log.SessionDuration.TotalSeconds:F1} s");
foreach (var (site, count) in bySite.OrderByDescending(p => p.Value).Take(15))
{
    Console.WriteLine($"{count,6}  {site}");
}

return 0;
