using LoanJourney.Server.Http;
using Serilog.Core;
using Serilog.Events;

namespace LoanJourney.Server.Logging;

/// <summary>
/// ASP.NET Core's hosting log scope puts the raw <c>RequestPath</c> on every event logged during a request; this masks it
/// the way the request log does (PII patterns masked; the query is never part of it).
/// </summary>
internal sealed class MaskedRequestPathEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue("RequestPath", out var value) && value is ScalarValue { Value: string path })
        {
            var masked = MaskedUrl.Path(path);
            if (!ReferenceEquals(masked, path) && !string.Equals(masked, path, StringComparison.Ordinal))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty("RequestPath", new ScalarValue(masked)));
            }
        }
    }
}
