using System.Text.RegularExpressions;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Server.Logging;

internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Log(context, time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private void Log(HttpContext context, double elapsedMs)
    {
        var request = context.Request;
        var queryKeys = request.Query.Count == 0 ? "" : "?" + string.Join('&', request.Query.Keys.Select(k => Pii.ScrubText(k) + "="));
        var path = Pii.ScrubText(BorrowerSegment().Replace(request.Path.Value ?? "", "/borrowers/***/"));
        ServerLog.RequestCompleted(logger, request.Method, path, queryKeys, context.Response.StatusCode, elapsedMs);
    }

    // An erasure request's path names the borrower it erases: never log it.
    [GeneratedRegex("/borrowers/[^/]+/", RegexOptions.CultureInvariant)]
    private static partial Regex BorrowerSegment();
}
