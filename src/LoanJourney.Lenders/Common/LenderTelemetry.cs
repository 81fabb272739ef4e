using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// The lender calls' <see cref="ActivitySource"/> and <see cref="Meter"/> (both named <see cref="Name"/>): one span per
/// attempt (<c>lender {operation}</c>, a child of whatever span is current, e.g. the engine's step span; the HttpClient
/// instrumentation's HTTP span is its child) and the <c>loanjourney.lender.call.duration</c> histogram by lender, operation
/// and result. Tags name the lender, the operation, the attempt, the HTTP status and the result only: no URL, no body.
/// </summary>
public sealed class LenderTelemetry : IDisposable
{
    /// <summary>The name of the lender calls' activity source and meter.</summary>
    public const string Name = "LoanJourney.Lenders";

    /// <summary>The lender-call spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public LenderTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _duration = _meter.CreateHistogram("loanjourney.lender.call.duration", "s",
            "One attempt of a lender call, from sending to the end of the answer, by lender, operation and result " +
            "(success, client_error, rate_limited, server_error, timeout, connection_error).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    /// <summary>The result tag of an answered attempt.</summary>
    public static string Result(HttpStatusCode status) => (int)status switch
    {
        < 400 => "success",
        429 => "rate_limited",
        < 500 => "client_error",
        _ => "server_error",
    };

    /// <summary>Records one attempt.</summary>
    public void Record(string lender, string operation, string result, TimeSpan duration)
    {
        if (_duration.Enabled)
        {
            _duration.Record(duration.TotalSeconds, new TagList { { "lender", lender }, { "operation", operation }, { "result", result } });
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
