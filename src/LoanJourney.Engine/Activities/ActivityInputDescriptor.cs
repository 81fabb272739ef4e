namespace LoanJourney.Engine.Activities;

/// <summary>One declared input of an activity.</summary>
/// <param name="Name">Input name.</param>
/// <param name="Type">Value type.</param>
/// <param name="Required">A definition must set it.</param>
/// <param name="Description">Human description.</param>
/// <param name="IsJourneyOutcome">The value becomes the journey's outcome (see <see cref="ActivityInputAttribute.IsJourneyOutcome"/>).</param>
/// <param name="IsWholeAmount">An amount taken in whole units only (see <see cref="ActivityInputAttribute.IsWholeAmount"/>).</param>
public sealed record ActivityInputDescriptor(string Name, ActivityValueType Type, bool Required, string Description, bool IsJourneyOutcome = false, bool IsWholeAmount = false);
