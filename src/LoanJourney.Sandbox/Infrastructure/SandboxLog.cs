namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// The sandbox's log lines. Identifiers are masked here, at the source; OTPs and keys have no parameter on
/// purpose, so they cannot be logged.
/// </summary>
internal static partial class SandboxLog
{
#pragma warning disable CA1873 // each call below is inside its own logger.IsEnabled guard, which the analyzer does not see
    public static void FaultInjected(ILogger logger, PathString path, string fault)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            FaultInjectedCore(logger, path.Value ?? "", fault);
        }
    }

    public static void OutboundDelivered(ILogger logger, string kind, string key, int status, int attempts)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            OutboundDeliveredCore(logger, kind, PiiMasker.Mask(key), status, attempts);
        }
    }

    public static void OutboundGaveUp(ILogger logger, string kind, string key, int status, int attempts)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            OutboundGaveUpCore(logger, kind, PiiMasker.Mask(key), status, attempts);
        }
    }

    public static void OtpIssued(ILogger logger, string appId, string orderId)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            OtpIssuedCore(logger, PiiMasker.Mask(appId), PiiMasker.Mask(orderId));
        }
    }

    public static void JourneyAdvanced(ILogger logger, string customerId, string status, string eventType)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            JourneyAdvancedCore(logger, PiiMasker.Mask(customerId), status, eventType);
        }
    }

    public static void UserCreated(ILogger logger, string customerId, string mobile, string scenario)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            UserCreatedCore(logger, PiiMasker.Mask(customerId), PiiMasker.Mask(mobile), scenario);
        }
    }

#pragma warning restore CA1873

    [LoggerMessage(EventId = 9007, Level = LogLevel.Information, Message = "Sandbox state kept in {Path}")]
    public static partial void StateOpened(ILogger logger, string path);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Sandbox fault injected on {Path}: {Fault}")]
    private static partial void FaultInjectedCore(ILogger logger, string path, string fault);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Outbound {Kind} for {Key} delivered with HTTP {Status} after {Attempts} attempt(s)")]
    private static partial void OutboundDeliveredCore(ILogger logger, string kind, string key, int status, int attempts);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Outbound {Kind} for {Key} gave up after {Attempts} attempt(s), last HTTP {Status}")]
    private static partial void OutboundGaveUpCore(ILogger logger, string kind, string key, int status, int attempts);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Pay-later OTP issued for app {AppId} order {OrderId}")]
    private static partial void OtpIssuedCore(ILogger logger, string appId, string orderId);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "v1 journey of {CustomerId} moved to {Status} ({EventType})")]
    private static partial void JourneyAdvancedCore(ILogger logger, string customerId, string status, string eventType);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "FinBox user {CustomerId} created with mobile {Mobile}, scenario {Scenario}")]
    private static partial void UserCreatedCore(ILogger logger, string customerId, string mobile, string scenario);
}
