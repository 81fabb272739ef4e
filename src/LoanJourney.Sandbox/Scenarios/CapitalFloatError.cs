namespace LoanJourney.Sandbox.Scenarios;

/// <summary>A documented Capital Float answer a scenario forces on block.</summary>
internal sealed record CapitalFloatError(int Status, string Message);
