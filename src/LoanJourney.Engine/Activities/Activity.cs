namespace LoanJourney.Engine.Activities;

/// <summary>Convenience base: override <see cref="ExecuteAsync"/>, and <see cref="ResumeAsync"/> when the activity waits.</summary>
public abstract class Activity : IActivity
{
    /// <inheritdoc />
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <inheritdoc />
    /// <remarks>The default completes with outcome <c>Done</c> and the stimulus payload as output.</remarks>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Complete(ActivityResult.DefaultOutcome, stimulus.Payload?.DeepClone()));
}
