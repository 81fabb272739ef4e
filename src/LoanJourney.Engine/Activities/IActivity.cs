namespace LoanJourney.Engine.Activities;

/// <summary>
/// A unit of work in a workflow. Implementations are resolved from DI in a scope per execution, so they may take
/// typed HTTP clients and other services in their constructors. Describe an activity with <see cref="ActivityAttribute"/>
/// and <see cref="ActivityInputAttribute"/>; register it with <c>services.AddActivity&lt;T&gt;()</c>.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the step: complete with an outcome, suspend on bookmarks, or fail.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Continues a step that suspended: <paramref name="stimulus"/> says which bookmark fired and carries its payload.
    /// The same activity type is resumed, with the step's durable <see cref="ActivityContext.State"/> as it was saved.
    /// </summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus);
}
