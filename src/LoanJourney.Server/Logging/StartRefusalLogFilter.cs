using LoanJourney.Hosting;
using Serilog.Events;

namespace LoanJourney.Server.Logging;

/// <summary>
/// The host's own report of a start that failed ("Hosting failed to start", event 11 of <c>Microsoft.Extensions.Hosting</c>) with a
/// refusal the start raises on purpose (<see cref="StartFailure.IsExpected"/>: a wrong setting, a port taken, a database a newer
/// build migrated). The console leaves it out: the process says it in one line on stderr (<see cref="StartFailure"/>), and the
/// host's event put the refusal's whole stack on the screen above that line (session 48). An unexpected exception's event stays,
/// stack and all, and every other sink (the file, OTLP, configured sinks) keeps this one too.
/// </summary>
internal static class StartRefusalLogFilter
{
    /// <summary>True for the host's report of a refusal raised on purpose (<see cref="StartRefusalConsole.IsHostsReportOfARefusal"/>,
    /// the standalone sandbox's console's test, read from the Serilog event's properties).</summary>
    public static bool IsHostsReportOfARefusal(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure
        && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int eventId }
        && StartRefusalConsole.IsHostsReportOfARefusal(
            logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string category } ? category : null,
            eventId, logEvent.Exception);
}
