namespace LoanJourney.Engine.Activities;

/// <summary>One declared input of an activity.</summary>
public sealed record ActivityInputDescriptor(string Name, ActivityValueType Type, bool Required, string Description);
