namespace LoanJourney.Server.Workflows;

internal sealed record ActivityOutputView(string Name, string Type);
