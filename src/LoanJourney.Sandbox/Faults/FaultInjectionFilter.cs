using System.Globalization;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox.Faults;

/// <summary>
/// Injects latency, 5xx, 429 and dropped connections into lender routes, from the per-request headers
/// <c>X-Sandbox-Fault</c> / <c>X-Sandbox-Latency-Ms</c> first, then from <see cref="FaultSettings"/> rates.
/// </summary>
internal sealed class FaultInjectionFilter(LenderFamily family) : IEndpointFilter
{
    public const string FaultHeader = "X-Sandbox-Fault";
    public const string LatencyHeader = "X-Sandbox-Latency-Ms";

    /// <summary><c>X-Sandbox-Fault-After: true</c>: the call takes effect (state, counters) and then its answer is lost to the fault,
    /// the case a client must reconcile instead of re-sending.</summary>
    public const string AfterHeader = "X-Sandbox-Fault-After";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var faults = services.GetRequiredService<FaultSettings>().Current;

        var latency = int.TryParse(http.Request.Headers[LatencyHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var headerMs)
            ? headerMs
            : faults.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), services.GetRequiredService<TimeProvider>(), http.RequestAborted);
        }

        var (kind, status) = FromHeader(http.Request.Headers[FaultHeader].ToString());
        if (kind == FaultKind.None)
        {
            (kind, status) = FromRates(faults, services.GetRequiredService<SandboxRandom>().NextDouble());
        }

        if (kind == FaultKind.None && OnRoute(http, faults.LoseAnswerAfterCommit))
        {
            SandboxLog.FaultInjected(Logger(services), http.Request.Path, "answer lost after commit");
            await next(context);
            http.Abort();
            return Results.Empty;
        }

        if (kind == FaultKind.None && OnRoute(http, faults.DropBeforeCommit))
        {
            kind = FaultKind.Drop;
        }

        if (kind != FaultKind.None && bool.TryParse(http.Request.Headers[AfterHeader], out var after) && after)
        {
            await next(context);
        }

        switch (kind)
        {
            case FaultKind.Drop:
                SandboxLog.FaultInjected(Logger(services), http.Request.Path, "drop");
                http.Abort();
                return Results.Empty;
            case FaultKind.ServerError or FaultKind.Throttle:
                SandboxLog.FaultInjected(Logger(services), http.Request.Path, kind == FaultKind.Throttle ? "429" : "5xx");
                return LenderErrors.Fault(family, status);
            default:
                return await next(context);
        }
    }

    private static bool OnRoute(HttpContext http, IList<string> routes) =>
        routes.Count > 0 && http.Request.Path.Value?.TrimEnd('/') is { } path
        && routes.Any(r => path.EndsWith(r, StringComparison.OrdinalIgnoreCase));

    private static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILogger<FaultInjectionFilter>>();

    internal static (FaultKind Kind, int Status) FromHeader(string header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (FaultKind.None, 0);
        }

        if (header.Equals("drop", StringComparison.OrdinalIgnoreCase))
        {
            return (FaultKind.Drop, 0);
        }

        return int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var status) switch
        {
            true when status == StatusCodes.Status429TooManyRequests => (FaultKind.Throttle, status),
            true when status is >= 500 and <= 599 => (FaultKind.ServerError, status),
            _ => (FaultKind.None, 0),
        };
    }

    internal static (FaultKind Kind, int Status) FromRates(FaultOptions faults, double roll)
    {
        if (roll < faults.DropRate)
        {
            return (FaultKind.Drop, 0);
        }

        if (roll < faults.DropRate + faults.ErrorRate)
        {
            return (FaultKind.ServerError, StatusCodes.Status500InternalServerError);
        }

        return roll < faults.DropRate + faults.ErrorRate + faults.ThrottleRate
            ? (FaultKind.Throttle, StatusCodes.Status429TooManyRequests)
            : (FaultKind.None, 0);
    }
}
