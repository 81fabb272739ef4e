using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Tests.Support;

[Activity("Test.Noop", Outcomes = ["Done"])]
public sealed class NoopActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}
