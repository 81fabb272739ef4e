using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.TestHost;

/// <summary>
/// Holds the step (and its lease) until the gate file exists, outside any transaction. The two-process test uses it to
/// make sure both processes hold claimed work at the same moment before they contend freely.
/// </summary>
[Activity("Host.Gate", Outcomes = ["Done"])]
internal sealed class GateActivity(HostArguments host, RecordFile record) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        record.Append(MarkActivity.Line("S", context));
        while (host.GateFile is not null && !File.Exists(host.GateFile))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), context.CancellationToken);
        }

        record.Append(MarkActivity.Line("E", context));
        return ActivityResult.Complete();
    }
}
