using LoanJourney.Engine.Activities;

namespace LoanJourney.Bench;

/// <summary>Completes at once: the benchmark measures the engine, not the activity.</summary>
[Activity("Bench.Noop", Outcomes = ["Done"])]
internal sealed class NoopActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}
