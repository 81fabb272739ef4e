namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>Waits for a duration on a durable timer.</summary>
[Activity("Core.Delay", Description = "Wait for a duration (a durable timer).", IsWait = true)]
[ActivityInput("duration", ActivityValueType.Duration, Required = true, Description = "How long to wait, e.g. 00:05:00 or PT5M.")]
public sealed class DelayActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = context.GetOptionalDuration("duration")
            ?? throw new ActivityInputException("duration", "Input 'duration' is required.");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow + duration, "delay")));
    }

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Complete());
}
