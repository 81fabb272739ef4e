namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>Logs of draft test runs (no inputs, no lender bodies, no signal payloads: only ids, names and counts).</summary>
internal static partial class TestRunLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Test run of the draft of {WorkflowId} (revision {Revision}): {Settled}/{Scenarios} scenarios settled in {ElapsedMs:0} ms, timed out: {TimedOut}")]
    public static partial void Completed(ILogger logger, string workflowId, long revision, int settled, int scenarios, double elapsedMs, bool timedOut);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Test run scenario {Scenario}: sent signal {Signal} to step {StepId} of {InstanceId} (payload from the {Source})")]
    public static partial void SignalSent(ILogger logger, string scenario, string signal, string stepId, string instanceId, string source);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Test run scenario {Scenario}: the sandbox has no OTP for step {StepId} of {InstanceId}, so the journey is left to wait")]
    public static partial void NoSandboxOtp(ILogger logger, string scenario, string stepId, string instanceId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information,
        Message = "Deleted {Count} test-run folder(s) a previous server left in {Root}")]
    public static partial void LeftoversDeleted(ILogger logger, int count, string root);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Test-run folder {Folder} kept: {Reason}")]
    public static partial void LeftoverKept(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning,
        Message = "Test run scenario {Scenario} not started: {Reason}")]
    public static partial void PreparationFailed(ILogger logger, string scenario, string reason);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning,
        Message = "Test run of the draft of {WorkflowId} (revision {Revision}) refused: its own engine cannot publish the draft ({Errors} error(s))")]
    public static partial void DraftNotRunnable(ILogger logger, string workflowId, long revision, int errors);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information,
        Message = "Test run scenario {Scenario}: step {StepId} of {InstanceId} refused signal {Signal}, which is not sent again")]
    public static partial void SignalRefused(ILogger logger, string scenario, string signal, string stepId, string instanceId);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information,
        Message = "Test run scenario {Scenario}: delivered the scenario's webhook to step {StepId} of {InstanceId} ({Status})")]
    public static partial void WebhookDelivered(ILogger logger, string scenario, string stepId, string instanceId, string status);
}
