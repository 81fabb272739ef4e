namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// Which of the two sets of <see cref="CallCounters"/> a call is counted in, and which list of what the lenders received (the
/// partner's token shares and handshakes, the Capital Float OTP inbox) its entries are listed in.
/// </summary>
internal enum CounterBook
{
    /// <summary>Every call but a test run's: real journeys, tests, curl (<c>GET /sandbox/counters</c>).</summary>
    Journeys,

    /// <summary>Draft test runs' calls (<see cref="SandboxTestRuns.Header"/>; <c>GET /sandbox/counters?testRuns=true</c>).</summary>
    TestRuns,
}
