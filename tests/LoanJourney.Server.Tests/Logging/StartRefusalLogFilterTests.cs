using LoanJourney.Server.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace LoanJourney.Server.Tests.Logging;

/// <summary>The console leaves out the host's report of a refusal raised on purpose, and only that: a defect keeps its stack.</summary>
public sealed class StartRefusalLogFilterTests
{
    private const string Host = "Microsoft.Extensions.Hosting.Internal.Host";

    [Fact]
    public void IsHostsReportOfARefusal_TheHostsReportOfARefusal_IsLeftOut()
    {
        Assert.True(StartRefusalLogFilter.IsHostsReportOfARefusal(Event(Host, 11, new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use."))));
        Assert.True(StartRefusalLogFilter.IsHostsReportOfARefusal(Event(Host, 11, new InvalidOperationException("The database's schema is newer than this build"))));
    }

    [Fact]
    public void IsHostsReportOfARefusal_ADefect_IsKept() =>
        Assert.False(StartRefusalLogFilter.IsHostsReportOfARefusal(Event(Host, 11, new NullReferenceException())));

    [Fact]
    public void IsHostsReportOfARefusal_AnotherEventWithTheSameException_IsKept()
    {
        Assert.False(StartRefusalLogFilter.IsHostsReportOfARefusal(Event(Host, 9, new IOException("disk full")))); // BackgroundServiceFaulted
        Assert.False(StartRefusalLogFilter.IsHostsReportOfARefusal(Event("LoanJourney.Engine.Runtime.JournalCompactor", 11, new IOException("disk full"))));
        Assert.False(StartRefusalLogFilter.IsHostsReportOfARefusal(Event(Host, 11, null)));
    }

    private static LogEvent Event(string category, int eventId, Exception? exception) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("Hosting failed to start"),
        [
            new LogEventProperty("SourceContext", new ScalarValue(category)),
            new LogEventProperty("EventId", new StructureValue([new LogEventProperty("Id", new ScalarValue(eventId))])),
        ]);
}
