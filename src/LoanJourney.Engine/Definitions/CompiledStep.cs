using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Definitions;

/// <summary>A validated step with its activity descriptor and parsed policies.</summary>
public sealed record CompiledStep(
    StepDefinition Definition,
    ActivityDescriptor Descriptor,
    IReadOnlySet<string> Outcomes,
    RetrySettings Retry,
    TimeSpan? Timeout,
    ActivityDescriptor? CompensationDescriptor)
{
    /// <summary>Step id.</summary>
    public string Id => Definition.Id;

    /// <summary>The next step for <paramref name="outcome"/>, or null when the journey ends there.</summary>
    public string? NextFor(string outcome) =>
        Definition.Next is { } next && next.TryGetValue(outcome, out var target) ? target : null;
}
