namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>Logs of draft test runs (no inputs, no lender bodies: only ids and counts).</summary>
internal static partial class TestRunLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Test run of the draft of {WorkflowId} (revision {Revision}): {Settled}/{Scenarios} scenarios settled in {ElapsedMs:0} ms, timed out: {TimedOut}")]
    public static partial void Completed(ILogger logger, string workflowId, long revision, int settled, int scenarios, double elapsedMs, bool timedOut);
}
