namespace LoanJourney.Engine.Activities;

/// <summary>One declared field of a signal's payload (<see cref="ActivitySignalFieldAttribute"/>).</summary>
public sealed record ActivitySignalFieldDescriptor(string Signal, string Name, ActivityValueType Type, bool Required, string Description);
