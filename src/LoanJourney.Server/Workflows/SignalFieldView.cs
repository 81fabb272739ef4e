namespace LoanJourney.Server.Workflows;

/// <summary>One declared field of a signal's payload (the signal route checks payloads against these).</summary>
internal sealed record SignalFieldView(string Signal, string Name, string Type, bool Required, string Description);
