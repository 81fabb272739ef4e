namespace LoanJourney.Sandbox;

/// <summary>
/// How a caller marks its lender calls as a draft test run's (the server's <c>POST /api/workflows/{id}/draft/test-runs</c>): the
/// sandbox answers them as any other, and counts them apart from real journeys' (docs/sandbox.md, "Counters").
/// </summary>
public static class SandboxTestRuns
{
    /// <summary>The request header a test run's lender clients send; its value names the run (any non-empty text).</summary>
    public const string Header = "X-Sandbox-Test-Run";
}
