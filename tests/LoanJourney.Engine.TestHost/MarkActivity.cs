using System.Globalization;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.TestHost;

/// <summary>
/// Writes start and end marks with a machine-wide monotonic timestamp around a piece of work that takes about as long
/// as a fast lender call. Real steps spend most of their time outside a transaction; a step of 1 ms would keep one
/// process in SQLite's write lock almost all the time, and the other would only ever see SQLITE_BUSY.
/// </summary>
[Activity("Host.Mark", Outcomes = ["Done"])]
internal sealed class MarkActivity(RecordFile record) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        record.Append(Line("S", context));
        await Task.Delay(TimeSpan.FromMilliseconds(15), context.CancellationToken);
        record.Append(Line("E", context));
        return ActivityResult.Complete();
    }

    /// <summary>A start (S) or end (E) mark; Stopwatch reads CLOCK_MONOTONIC on Linux, one clock for every process.</summary>
    public static string Line(string mark, ActivityContext context) => string.Create(CultureInfo.InvariantCulture,
        $"{mark} {context.InstanceId} {context.StepId} {context.Attempt} {Environment.ProcessId} {System.Diagnostics.Stopwatch.GetTimestamp()}");
}
