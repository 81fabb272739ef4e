using LoanJourney.Engine.Activities;

namespace LoanJourney.Bench;

/// <summary>Completes at once: the benchmark measures the engine, not the activity.</summary>
[Activity("Bench.Noop", Outcomes = ["Done"])]
internal sealed class NoopActivity : Activity
{
    private static long _executions;

    /// <summary>Steps run by this process so far (<c>lenderpipe</c>'s neighbour counts its load with it).</summary>
    public static long Executions => Interlocked.Read(ref _executions);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Interlocked.Increment(ref _executions);
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
