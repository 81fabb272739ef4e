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
    /// <summary>The payload fields the step itself declares for its signal (a <c>Core.WaitForSignal</c>'s <c>fields</c>).</summary>
    public IReadOnlyList<ActivitySignalFieldDescriptor> DeclaredSignalFields { get; init; } = [];

    /// <summary>Every declared field a payload of <paramref name="signal"/> sent to this step is checked against.</summary>
    public IReadOnlyList<ActivitySignalFieldDescriptor> SignalFieldsFor(string signal) =>
        DeclaredSignalFields.Count == 0 ? Descriptor.SignalFields : [.. Descriptor.SignalFields, .. DeclaredSignalFields.Select(f => f with { Signal = signal })];

    /// <summary>Step id.</summary>
    public string Id => Definition.Id;

    /// <summary>The next step for <paramref name="outcome"/>, or null when the journey ends there.</summary>
    public string? NextFor(string outcome) =>
        Definition.Next is { } next && next.TryGetValue(outcome, out var target) ? target : null;
}
