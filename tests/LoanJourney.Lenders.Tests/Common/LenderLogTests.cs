using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class LenderLogTests
{
    // The call line (LenderCallCompleted) already says the HTTP status and the lender's code of every call: the classification
    // repeats it at Information only when it says something the journey must react to.
    [Theory]
    [InlineData(LenderResultKind.Success, LogLevel.Debug)]
    [InlineData(LenderResultKind.Processing, LogLevel.Debug)]
    [InlineData(LenderResultKind.Rejected, LogLevel.Information)]
    [InlineData(LenderResultKind.RetryableFailure, LogLevel.Information)]
    [InlineData(LenderResultKind.TerminalFailure, LogLevel.Information)]
    public void Classified_LogsAtInformation_OnlyWhatIsNeitherDoneNorStillProcessing(LenderResultKind kind, LogLevel expected)
    {
        using var logs = new CapturingLoggerProvider();
        LenderLog.Classified(logs.CreateLogger("lenders"), "FinBoxPrism", "FinBoxPrism.GetBre", kind, "GEO-S-001", 200, null);

        Assert.Equal(expected, Assert.Single(logs.Entries).Level);
    }

    // Session 41's line for a body without a lender code read "answered HTTP 200 null in 12 ms" (Serilog's text; "(null)"
    // with the framework's formatter). The text now leaves the code out; the event keeps LenderCode, as null, for queries.
    [Fact]
    public void CallCompleted_WithoutALenderCode_ReadsWithoutOne_AndKeepsLenderCodeAsANullProperty()
    {
        var logger = new StateLogger();

        LenderLog.CallCompleted(logger, "Sandbox", "Sandbox.Health", "GET", "/health", 200, null, 12, 1);
        LenderLog.CallCompleted(logger, "FinBoxPrism", "FinBoxPrism.GetBre", "POST", "/v2/bre", 200, "GEO-S-001", 34, 2);

        Assert.Equal(
            ["Sandbox Sandbox.Health GET /health answered HTTP 200 in 12 ms (attempt 1)",
             "FinBoxPrism FinBoxPrism.GetBre POST /v2/bre answered HTTP 200 GEO-S-001 in 34 ms (attempt 2)"],
            logger.Entries.Select(e => e.Text));
        Assert.All(logger.Entries, e => Assert.Equal(new EventId(1001, "LenderCallCompleted"), e.Id));
        var withoutCode = logger.Entries[0].Properties;
        Assert.True(withoutCode.ContainsKey("LenderCode"), string.Join(", ", withoutCode.Keys));
        Assert.Null(withoutCode["LenderCode"]);
        Assert.Equal("GEO-S-001", logger.Entries[1].Properties["LenderCode"]);
        // Serilog renders its text from the template, not from the formatter: it must not name the code either.
        Assert.DoesNotContain("{LenderCode}", (string)withoutCode["{OriginalFormat}"]!, StringComparison.Ordinal);
    }

    // Session 42's classification line for an answer without a lender code read "classified RetryableFailure (code null, HTTP 502)"
    // (Serilog; "(code (null), …" with the framework's formatter). The text now says there was none; LenderCode stays a null property.
    [Fact]
    public void Classified_WithoutALenderCode_ReadsWithoutOne_AndKeepsLenderCodeAsANullProperty()
    {
        var logger = new StateLogger();

        LenderLog.Classified(logger, "FinBoxPrism", "FinBoxPrism.GetBre", LenderResultKind.RetryableFailure, null, 502, "Bad Gateway");
        LenderLog.Classified(logger, "FinBoxPrism", "FinBoxPrism.GetBre", LenderResultKind.Rejected, "GEO-R-002", 200, "declined");

        Assert.Equal(
            ["FinBoxPrism FinBoxPrism.GetBre classified RetryableFailure (no lender code, HTTP 502): Bad Gateway",
             "FinBoxPrism FinBoxPrism.GetBre classified Rejected (code GEO-R-002, HTTP 200): declined"],
            logger.Entries.Select(e => e.Text));
        Assert.All(logger.Entries, e => Assert.Equal(new EventId(1030, "LenderResult"), e.Id));
        var withoutCode = logger.Entries[0].Properties;
        Assert.True(withoutCode.ContainsKey("LenderCode"), string.Join(", ", withoutCode.Keys));
        Assert.Null(withoutCode["LenderCode"]);
        Assert.Equal("GEO-R-002", logger.Entries[1].Properties["LenderCode"]);
        Assert.DoesNotContain("{LenderCode}", (string)withoutCode["{OriginalFormat}"]!, StringComparison.Ordinal);
    }

    // Session 43 still left "(code FILE_TOO_LARGE, HTTP (null)): …" for a call never sent (LenderCaller.NotSent) and
    // "(code GEO-S-001, HTTP 200): (null)" for a success without a message. The text leaves both out; the properties stay nulls.
    [Fact]
    public void Classified_NotSentOrWithoutAMessage_ReadsWithoutNulls_AndKeepsHttpStatusAndMessageAsNullProperties()
    {
        var logger = new StateLogger();

        LenderLog.Classified(logger, "FinBoxPrism", "FinBoxPrism.TriggerBanking", LenderResultKind.TerminalFailure, "FILE_TOO_LARGE", null, "file too large");
        LenderLog.Classified(logger, "FinBoxPrism", "FinBoxPrism.GetBre", LenderResultKind.Success, "GEO-S-001", 200, null);
        LenderLog.Classified(logger, "Sandbox", "Sandbox.Health", LenderResultKind.Success, null, 200, null);
        LenderLog.Classified(logger, "FinBoxPrism", "FinBoxPrism.TriggerBanking", LenderResultKind.TerminalFailure, "NO_FILES", null, null);

        Assert.Equal(
            ["FinBoxPrism FinBoxPrism.TriggerBanking classified TerminalFailure (code FILE_TOO_LARGE, not sent): file too large",
             "FinBoxPrism FinBoxPrism.GetBre classified Success (code GEO-S-001, HTTP 200)",
             "Sandbox Sandbox.Health classified Success (no lender code, HTTP 200)",
             "FinBoxPrism FinBoxPrism.TriggerBanking classified TerminalFailure (code NO_FILES, not sent)"],
            logger.Entries.Select(e => e.Text));
        Assert.All(logger.Entries, e => Assert.Equal(new EventId(1030, "LenderResult"), e.Id));
        Assert.All(logger.Entries, e => Assert.DoesNotContain("null", e.Text, StringComparison.OrdinalIgnoreCase));
        string[] properties = ["Lender", "Operation", "Kind", "LenderCode", "HttpStatus", "Message", "{OriginalFormat}"];
        Assert.All(logger.Entries, e => Assert.Equal(properties.Order(StringComparer.Ordinal), e.Properties.Keys.Order(StringComparer.Ordinal)));
        Assert.Null(logger.Entries[0].Properties["HttpStatus"]);
        Assert.Equal("file too large", logger.Entries[0].Properties["Message"]);
        Assert.Equal(200, logger.Entries[1].Properties["HttpStatus"]);
        Assert.Null(logger.Entries[1].Properties["Message"]);
        Assert.Null(logger.Entries[2].Properties["LenderCode"]);
        Assert.Null(logger.Entries[3].Properties["HttpStatus"]);
        Assert.Null(logger.Entries[3].Properties["Message"]);

        // Serilog renders its text from the template: the left-out parts are not in it either.
        Assert.DoesNotContain("{HttpStatus}", (string)logger.Entries[0].Properties["{OriginalFormat}"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("{Message}", (string)logger.Entries[1].Properties["{OriginalFormat}"]!, StringComparison.Ordinal);
    }

    /// <summary>Each entry's text (the framework's formatter) and its structured properties, null values kept as null.</summary>
    private sealed class StateLogger : ILogger
    {
        public List<(EventId Id, string Text, Dictionary<string, object?> Properties)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId, formatter(state, exception),
                (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
    }
}
