namespace LoanJourney.Engine.Activities;

/// <summary>Why a step waits again for the sensitive signal it was resumed by (<see cref="ActivityContext.AskAgain"/>).</summary>
internal sealed record AskAgainReason(string Reason, string Message, int? AttemptsLeft);
