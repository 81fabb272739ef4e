using LoanJourney.Server.Http;
using Serilog.Core;
using Serilog.Events;

namespace LoanJourney.Server.Logging;

/// <summary>
/// ASP.NET Core's hosting log scope puts the raw <c>RequestPath</c> on every event logged during a request; this masks it
/// the way the request log does (PII patterns masked; the query is never part of it). The framework's own events at
/// Information and Debug (hosting's <c>Request starting/finished</c>, routing's candidates: off by default, on when an operator
/// lowers <c>Microsoft.AspNetCore</c>) carry the raw <c>Path</c> and <c>QueryString</c>: masked the same way, the query reduced
/// to its parameter names. Their rendered message is written from these properties, so it shows the masked forms.
/// </summary>
internal sealed class MaskedRequestPathEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        Mask(logEvent, "RequestPath", MaskedUrl.Path);
        Mask(logEvent, "Path", MaskedUrl.Path);
        Mask(logEvent, "QueryString", QueryNames);
    }

    private static void Mask(LogEvent logEvent, string name, Func<string, string> mask)
    {
        if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text })
        {
            var masked = mask(text);
            if (!ReferenceEquals(masked, text) && !string.Equals(masked, text, StringComparison.Ordinal))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }
    }

    // "?mobile=9876543210&x=1" → "?mobile=&x=".
    private static string QueryNames(string query)
    {
        var names = System.Web.HttpUtility.ParseQueryString(query).AllKeys.OfType<string>().ToList();
        return names.Count == 0 ? "" : "?" + MaskedUrl.QueryKeys(names);
    }
}
