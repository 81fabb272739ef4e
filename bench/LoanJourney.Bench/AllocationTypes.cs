using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace LoanJourney.Bench;

/// <summary>
/// The runtime's allocation samples (<c>GCAllocationTick</c>: one event about every 100 KB allocated, naming the type of the
/// object that crossed it) counted by type while it listens: which types a measured part allocates most, without a profiler.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public void Start() => _listening = true;

    public void Stop() => _listening = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_listening || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var index = eventData.PayloadNames!.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var type = index >= 0 ? eventData.Payload[index] as string ?? "?" : "?";
        var bytes = amount >= 0 ? Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, bytes, (_, b) => b + bytes);
    }

    /// <summary>The types sampled, largest share first.</summary>
    public void Print(int top, double perUnit, string unit)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocation samples by type (GCAllocationTick, ~100 KB each; {total / 1e6:F1} MB sampled):"));
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes * 100.0 / total,5:F1} %  ~{bytes / perUnit,7:F0} bytes per {unit}  {type}"));
        }
    }
}
