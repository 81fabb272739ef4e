using LoanJourney.Lenders.Common;
using Serilog.Core;
using Serilog.Events;

namespace LoanJourney.Server.Logging;

/// <summary>
/// In front of the server's sinks (Serilog's <c>WriteTo.Wrap</c>): an event that carries an exception reaches them with the
/// exception's text PII-scrubbed (<see cref="Pii.ScrubText"/>: PAN, Aadhaar, mobile, email, GSTIN; journey ids and UUIDs whole)
/// and its string properties scrubbed the same way (Polly's retry events repeat the exception's message as <c>Result</c>).
/// Sinks render an exception with <see cref="Exception.ToString"/> (type, message, inner exceptions, stack), so the event is
/// re-created around a <see cref="ScrubbedException"/> whose text is the original's, scrubbed: types and stack frames stay for
/// debugging. An event without an exception is passed on as it is, at the cost of one null check.
/// </summary>
internal sealed class ScrubbedExceptionSink(ILogEventSink sinks) : ILogEventSink, IDisposable, IAsyncDisposable
{
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Exception is null)
        {
            sinks.Emit(logEvent);
            return;
        }

        sinks.Emit(Scrubbed(logEvent));
    }

    internal static LogEvent Scrubbed(LogEvent logEvent)
    {
        var exception = logEvent.Exception is ScrubbedException already ? already : new ScrubbedException(logEvent.Exception!);
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, logEvent.MessageTemplate,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, Scrubbed(p.Value))), logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    private static LogEventPropertyValue Scrubbed(LogEventPropertyValue value) =>
        value is ScalarValue { Value: string text } && Pii.ScrubText(text) is var scrubbed && !string.Equals(scrubbed, text, StringComparison.Ordinal)
            ? new ScalarValue(scrubbed)
            : value;

    public void Dispose() => (sinks as IDisposable)?.Dispose();

    public ValueTask DisposeAsync()
    {
        if (sinks is IAsyncDisposable async)
        {
            return async.DisposeAsync();
        }

        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// What a sink is given in place of a logged exception: <see cref="ToString"/>, <see cref="Exception.Message"/> and
/// <see cref="StackTrace"/> are the original's, PII-scrubbed (the original type is the first thing its text names).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "Made only from a logged exception, never thrown.")]
internal sealed class ScrubbedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    public ScrubbedException(Exception original)
        : base(Pii.ScrubText(original.Message))
    {
        ArgumentNullException.ThrowIfNull(original);
        OriginalType = original.GetType();
        _text = Pii.ScrubText(original.ToString());
        _stackTrace = original.StackTrace;
        HResult = original.HResult;
    }

    /// <summary>The logged exception's type.</summary>
    public Type OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public override string ToString() => _text;
}
