namespace LoanJourney.Sandbox.Scenarios;

/// <summary>The outcome of each successive trigger of one operation; the last entry repeats.</summary>
internal sealed record OperationScript(IReadOnlyList<OperationAttempt> Attempts)
{
    public static OperationScript Always(string status, string? detail = null) => new([new OperationAttempt(status, detail)]);

    public static OperationScript FirstThen(OperationAttempt first, OperationAttempt then) => new([first, then]);

    public OperationAttempt For(int attemptIndex) => Attempts[Math.Min(attemptIndex, Attempts.Count - 1)];
}
