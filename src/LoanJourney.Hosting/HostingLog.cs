using Microsoft.Extensions.Logging;

namespace LoanJourney.Hosting;

/// <summary>The start's own logs, with stable event ids (7000–7099).</summary>
internal static partial class HostingLog
{
    // 2021 when this lived in the server (sessions 38-40).
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Stopping after the failed start failed as well")]
    public static partial void StopAfterFailedStartFailed(ILogger logger, Exception exception);
}
