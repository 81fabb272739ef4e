namespace LoanJourney.Server.Workflows;

internal sealed record InputFieldView(string Name, string Type, bool Required, string Description);
