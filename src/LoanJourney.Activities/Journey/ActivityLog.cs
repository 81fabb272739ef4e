using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// Journey-level logs with stable event ids (4001–4099). Parameters are instance ids, step ids, lender codes and our own
/// references: never PII, never OTPs or tokens (those have no parameter here at all).
/// </summary>
internal static partial class ActivityLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Instance {InstanceId} step {StepId}: unresolved intent {Intent} found, reconciling by {Action}")]
    public static partial void Reconciling(ILogger logger, string instanceId, string stepId, string intent, string action);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Instance {InstanceId}: OTP verified after {Attempts} attempt(s)")]
    public static partial void OtpVerified(ILogger logger, string instanceId, int attempts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Instance {InstanceId}: wrong OTP, {AttemptsLeft} attempt(s) left")]
    public static partial void OtpRefused(ILogger logger, string instanceId, int attemptsLeft);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Instance {InstanceId}: final decision shared with the partner (final_approval {FinalApproval})")]
    public static partial void TokenShared(ILogger logger, string instanceId, bool finalApproval);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Instance {InstanceId}: child journey {ChildId} of {WorkflowId} started (or found by its idempotency key)")]
    public static partial void ChildStarted(ILogger logger, string instanceId, string childId, string workflowId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Instance {InstanceId}: KYC waits for the borrower ({KycAction}); session URL exposed")]
    public static partial void KycSessionExposed(ILogger logger, string instanceId, string? kycAction);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Instance {InstanceId}: KYC is in the lender's manual review; the step waits for its end")]
    public static partial void KycManualReview(ILogger logger, string instanceId);
    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Instance {InstanceId}: no block sent, {Reason}")]
    public static partial void LimitRefused(ILogger logger, string instanceId, string reason);
}
