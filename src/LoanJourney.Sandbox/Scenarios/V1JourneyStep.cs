namespace LoanJourney.Sandbox.Scenarios;

/// <summary>One step of a FinBox v1 application after the token: the loan status it reaches and the webhook it fires.</summary>
internal sealed record V1JourneyStep(string Status, string EventType, string EventDescription = "");
