#:package Microsoft.Diagnostics.Tracing.TraceEvent@4.0.0
// Where the server's allocations come from, from a trace of `bench/profile/attach.sh alloc` (the runtime's AllocationTick
// event, one per ~100 KB allocated, with its stack):
//   dotnet run bench/profile/alloc-sites.cs -- OUT.nettrace
// Prints the sampled bytes by type, by allocation site (the type, the first frame outside the BCL, the first frame of ours)
// and inclusively by each of our frames on the stack. Sampled bytes are an estimate: each tick stands for the ~100 KB
// allocated since the one before, whatever allocated them. TraceEvent is Microsoft's own reader of .NET traces.
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run bench/profile/alloc-sites.cs -- <trace.nettrace>");
    return 2;
}

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var bySite = new Dictionary<string, long>();
var byFrame = new Dictionary<string, long>();
long total = 0;
foreach (var ev in log.Events)
{
    if (ev is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var bytes = tick.AllocationAmount64;
    var type = tick.TypeName ?? "?";
    total += bytes;
    byType[type] = byType.GetValueOrDefault(type) + bytes;
    var frames = new List<string>();
    for (var frame = ev.CallStack(); frame is not null && frames.Count < 60; frame = frame.Caller)
    {
        if (frame.CodeAddress.FullMethodName is { Length: > 0 } name)
        {
            frames.Add(name);
        }
    }

    var ours = frames.FirstOrDefault(f => f.StartsWith("LoanJourney", StringComparison.Ordinal)) ?? "(none of ours)";
    var library = frames.FirstOrDefault(f => !f.StartsWith("System.", StringComparison.Ordinal)) ?? "(the BCL only)";
    var site = $"{type} <- {library}{(library == ours ? "" : " <- " + ours)}";
    bySite[site] = bySite.GetValueOrDefault(site) + bytes;
    foreach (var frame in frames.Where(f => f.StartsWith("LoanJourney", StringComparison.Ordinal)).Distinct())
    {
        byFrame[frame] = byFrame.GetValueOrDefault(frame) + bytes;
    }
}

if (total == 0)
{
    Console.Error.WriteLine("no AllocationTick events: was the trace taken with Microsoft-Windows-DotNETRuntime:0x1:5?");
    return 1;
}

void Top(string title, Dictionary<string, long> values, int count)
{
    Console.WriteLine($"--- {title}");
    foreach (var (key, value) in values.OrderByDescending(p => p.Value).Take(count))
    {
        Console.WriteLine($"{value * 100.0 / total,5:F1} % {value / 1e6,8:F1} MB  {key}");
    }
}

Console.WriteLine($"sampled {total / 1e6:F1} MB in {log.SessionDuration.TotalSeconds:F1} s");
Top("by type", byType, 25);
Top("by site (type <- first frame outside the BCL <- first frame of ours)", bySite, 40);
Top("inclusive, by each frame of ours on the stack", byFrame, 40);
return 0;
