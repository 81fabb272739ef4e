using LoanJourney.Server.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace LoanJourney.Server.Telemetry;

/// <summary>
/// Before the OTLP log exporter: a record whose exception is a <see cref="ScrubbedException"/> (every logged exception: the
/// log reaches OpenTelemetry through <see cref="ScrubbedExceptionSink"/>) gets the semantic-convention attributes from it
/// with the logged exception's own type. The exporter would write <c>exception.type</c> as <c>ScrubbedException</c> for all
/// of them, so a collector could not tell a <c>JsonException</c> from a <c>TimeoutException</c>. <c>exception.message</c>
/// and <c>exception.stacktrace</c> are the scrubbed text, as the exporter would write them.
/// </summary>
internal sealed class ScrubbedExceptionLogRecords : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        if (data.Exception is not ScrubbedException scrubbed)
        {
            return;
        }

        data.Attributes =
        [
            .. data.Attributes ?? [],
            new("exception.type", scrubbed.OriginalType.FullName ?? scrubbed.OriginalType.Name),
            new("exception.message", scrubbed.Message),
            new("exception.stacktrace", scrubbed.ToString()),
        ];
        data.Exception = null;
    }
}
