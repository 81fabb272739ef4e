using System.Globalization;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.TestHost;

/// <summary>Records "R instance step attempt pid" before completing, then lingers a little so kills land mid-step.</summary>
[Activity("Host.Record", Outcomes = ["Done"])]
internal sealed class RecordActivity(RecordFile record) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        record.Append(string.Create(CultureInfo.InvariantCulture, $"R {context.InstanceId} {context.StepId} {context.Attempt} {Environment.ProcessId}"));
        await Task.Delay(TimeSpan.FromMilliseconds(10), context.CancellationToken);
        return ActivityResult.Complete();
    }
}
