namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>A world whose lender routes fail 20% of calls with HTTP 500 and throttle 10% with 429 (seeded), with latency.</summary>
public sealed class FaultyLendersHost : JourneyHost
{
    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sandbox:Faults:ErrorRate"] = "0.2",
        ["Sandbox:Faults:ThrottleRate"] = "0.1",
        ["Sandbox:Faults:LatencyMs"] = "5",
    };
}
