using System.Globalization;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.TestHost;

/// <summary>Writes start and end marks with a machine-wide monotonic timestamp around a short piece of work.</summary>
[Activity("Host.Mark", Outcomes = ["Done"])]
internal sealed class MarkActivity(RecordFile record) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // Stopwatch reads CLOCK_MONOTONIC on Linux: one clock for every process on the machine.
        record.Append(string.Create(CultureInfo.InvariantCulture, $"S {context.InstanceId} {context.StepId} {context.Attempt} {Environment.ProcessId} {System.Diagnostics.Stopwatch.GetTimestamp()}"));
        await Task.Delay(TimeSpan.FromMilliseconds(1), context.CancellationToken);
        record.Append(string.Create(CultureInfo.InvariantCulture, $"E {context.InstanceId} {context.StepId} {context.Attempt} {Environment.ProcessId} {System.Diagnostics.Stopwatch.GetTimestamp()}"));
        return ActivityResult.Complete();
    }
}
