using System.Globalization;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Http;

/// <summary>
/// The request line and header limits, answered as problem details like every other error. Kestrel refuses a request over its
/// own limits while it parses it, before any middleware runs, with a bare <c>414</c> or <c>431</c> and no body (those answers
/// cannot be customised: aspnet/KestrelHttpServer#2947). So Kestrel's limits are set <see cref="KestrelCeiling"/> times above
/// ours, and ours (Kestrel's defaults) are checked here, first in the pipeline, before authentication.
/// </summary>
internal static class RequestLimits
{
    /// <summary>Method, target (path and query) and protocol of the request line: Kestrel's default.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>All header lines together (<c>name: value</c> and line end): Kestrel's default.</summary>
    public const int MaxHeadersBytes = 32 * 1024;

    /// <summary>Header lines: Kestrel's default.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>How far above ours Kestrel's own limits are: a request past them still gets Kestrel's bare answer.</summary>
    public const int KestrelCeiling = 8;

    public static IWebHostBuilder UseRequestLimitsInKestrel(this IWebHostBuilder webHost) => webHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes * KestrelCeiling;
        kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeadersBytes * KestrelCeiling;
        kestrel.Limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelCeiling;
    });

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(next => context => Refusal(context) is { } problem ? problem.ExecuteAsync(context) : next(context));

    private static ProblemHttpResult? Refusal(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        var line = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        if (line > MaxRequestLineBytes)
        {
            return Problem.Create(StatusCodes.Status414UriTooLong, "URI too long",
                $"The request line (method, path and query) is {Bytes(line)} bytes; at most {Bytes(MaxRequestLineBytes)} are taken. " +
                "Send a long selection in a body (the bulk operations take a filter or ids there: docs/api.md).", "uri_too_long");
        }

        var (count, bytes) = (0, 0L);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        if (count > MaxHeaderCount || bytes > MaxHeadersBytes)
        {
            return Problem.Create(StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The request has {count} header lines of {Bytes(bytes)} bytes together; at most {MaxHeaderCount} lines and " +
                $"{Bytes(MaxHeadersBytes)} bytes are taken (an oversized cookie or token is the usual cause).", "request_headers_too_large");
        }

        return null;
    }

    private static string Bytes(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
