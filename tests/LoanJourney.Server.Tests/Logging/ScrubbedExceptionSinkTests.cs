using LoanJourney.Server.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace LoanJourney.Server.Tests.Logging;

/// <summary>The wrapper in front of the server's sinks (docs/server.md, "Privacy on failure paths"), event by event.</summary>
public sealed class ScrubbedExceptionSinkTests
{
    private const string JourneyId = "01a244c790587c8da13ee39c60291d36";

    [Fact]
    public void AnEventWithoutAnException_ReachesTheSinksAsItIs()
    {
        var sinks = new Sinks();
        var logEvent = Event(null, ("Reason", "mobile 9871230000"));

        new ScrubbedExceptionSink(sinks).Emit(logEvent);

        Assert.Same(logEvent, Assert.Single(sinks.Events));
    }

    [Fact]
    public void AnException_IsRenderedScrubbed_WithItsTypesStackAndJourneyIdKept()
    {
        var sinks = new Sinks();
        var logEvent = Event(Thrown(), ("Result", "answer for +91 9871230000"), ("InstanceId", JourneyId), ("Attempt", 2));

        new ScrubbedExceptionSink(sinks).Emit(logEvent);

        var written = Assert.Single(sinks.Events);
        var text = written.Exception!.ToString();
        Assert.StartsWith($"System.InvalidOperationException: Journey {JourneyId}: PAN XXXXX5678Z, mobile XXXXXX0000", text, StringComparison.Ordinal);
        Assert.Contains("---> System.FormatException: 'z***@example.org' is not a customer id.", text, StringComparison.Ordinal);
        Assert.Contains($"at {typeof(ScrubbedExceptionSinkTests).FullName}.{nameof(Thrown)}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("QWERT5678Z", text, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException), Assert.IsType<ScrubbedException>(written.Exception).OriginalType);
        Assert.Equal("answer for XXX XXXXXX0000", ((ScalarValue)written.Properties["Result"]).Value);
        Assert.Equal(JourneyId, ((ScalarValue)written.Properties["InstanceId"]).Value);
        Assert.Equal(2, ((ScalarValue)written.Properties["Attempt"]).Value);
        Assert.Equal(logEvent.Timestamp, written.Timestamp);
        Assert.Equal(logEvent.Level, written.Level);
        Assert.Same(logEvent.MessageTemplate, written.MessageTemplate);
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException($"Journey {JourneyId}: PAN QWERT5678Z, mobile 9871230000", new FormatException("'zelda.quux@example.org' is not a customer id."));
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private static LogEvent Event(Exception? exception, params (string Name, object Value)[] properties) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Warning, exception, new MessageTemplateParser().Parse("Something failed"),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));

    private sealed class Sinks : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
