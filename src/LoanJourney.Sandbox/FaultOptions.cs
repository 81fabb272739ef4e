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
}
