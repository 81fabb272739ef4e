using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

/// <summary>
/// What became of a signal, on every accepted signal's 202 (docs/api.md, "A signal's answer"). A sensitive signal's step ran in the
/// call: <c>Taken</c> (with the step's outcome), <c>AskedAgain</c> (with the step's reason, words and attempts left) or <c>Failed</c>
/// (the error kind). A durable signal is <c>Queued</c>: stored, and taken by the step after the answer (no other field).
/// </summary>
internal sealed record SignalAnswerView(string Name, SignalResult Result, string? StepOutcome, string? Reason, string? Message, int? AttemptsLeft);
