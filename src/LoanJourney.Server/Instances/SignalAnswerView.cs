using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

/// <summary>
/// What the waiting step did with a sensitive signal, on that signal's 202 (docs/api.md, "A signal's answer"): <c>Taken</c> (with the
/// step's outcome), <c>AskedAgain</c> (with the step's reason, words and attempts left) or <c>Failed</c> (the error kind).
/// </summary>
internal sealed record SignalAnswerView(string Name, SignalResult Result, string? StepOutcome, string? Reason, string? Message, int? AttemptsLeft);
