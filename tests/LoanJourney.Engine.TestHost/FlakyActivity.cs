using System.Globalization;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.TestHost;

/// <summary>Records its attempt, then fails retryably while the (durable) attempt number is at most <c>failTimes</c>.</summary>
[Activity("Host.Flaky", Outcomes = ["Done"])]
[ActivityInput("failTimes", ActivityValueType.Integer, Required = true)]
internal sealed class FlakyActivity(RecordFile record) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        record.Append(string.Create(CultureInfo.InvariantCulture, $"R {context.InstanceId} {context.StepId} {context.Attempt} {Environment.ProcessId}"));
        return ValueTask.FromResult(context.Attempt <= context.GetInput("failTimes")!.GetValue<int>()
            ? ActivityResult.Fail("LenderDown", $"attempt {context.Attempt} fails on purpose")
            : ActivityResult.Complete());
    }
}
