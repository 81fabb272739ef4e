namespace LoanJourney.Sandbox;

/// <summary>Faults injected into lender routes (never into <c>/sandbox/...</c> control routes).</summary>
public sealed class FaultOptions
{
    /// <summary>Added latency on every lender call, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Share of lender calls answered with HTTP 500 (0..1).</summary>
    public double ErrorRate { get; set; }

    /// <summary>Share of lender calls answered with HTTP 429 (0..1).</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Share of lender calls whose connection is aborted without an answer (0..1).</summary>
    public double DropRate { get; set; }

    /// <summary>
    /// Routes (path suffixes such as <c>paylater/tranche</c>) whose every call takes effect (state, counters) and then
    /// loses its answer: the connection is aborted after the lender committed. The case a client must never resend on a guess.
    /// </summary>
    public IList<string> LoseAnswerAfterCommit { get; set; } = [];

    /// <summary>
    /// Routes (path suffixes) whose every call is aborted before it takes effect: to the client it looks exactly like
    /// <see cref="LoseAnswerAfterCommit"/> (no answer), but nothing happened at the lender.
    /// </summary>
    public IList<string> DropBeforeCommit { get; set; } = [];
}
