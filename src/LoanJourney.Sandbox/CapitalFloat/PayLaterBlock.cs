namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>A blocked amount on an app: OTP-confirmed, then drawn down by tranches or released by cancel.</summary>
internal sealed class PayLaterBlock(string orderId, decimal amount)
{
    public string OrderId { get; } = orderId;

    public decimal Amount { get; } = amount;

    /// <summary>Blocked and not yet drawn or released.</summary>
    public decimal Balance { get; set; } = amount;

    public string Otp { get; set; } = "";

    public int OtpAttemptsLeft { get; set; }

    public bool Verified { get; set; }

    /// <summary>Blocked by a draft test run (<see cref="Infrastructure.CounterBook.TestRuns"/>): its OTP is in the test runs' inbox.</summary>
    public bool TestRun { get; set; }

    /// <summary>suborder_id → tranche_id.</summary>
    public Dictionary<string, string> Tranches { get; } = new(StringComparer.Ordinal);
}
