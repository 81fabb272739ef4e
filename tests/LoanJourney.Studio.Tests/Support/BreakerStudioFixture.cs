namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// A server and Chromium of their own whose breakers open after two failed calls, for the tests that need a lender's circuit
/// open (<see cref="StudioBreakerTestGroup"/>): opening a lender's breaker on the shared server would defer every other test's
/// journeys to that lender (its breakers never open: ServerProcess). FinBox v1's (<c>Lenders:FinBoxSourcing</c>) stays open an
/// hour (journeys waiting it out: BreakerOpenTests), Capital Float's ten minutes, its calls not retried (an OTP it cannot
/// verify: SignalAnswerTests). Each test opens one lender's breaker; the other's journeys do not call that lender.
/// </summary>
public sealed class BreakerStudioFixture : IAsyncLifetime, IDisposable
{
    private readonly StudioFixture _studio = new([
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerMinimumThroughput", "2"),
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerFailureRatio", "0.5"),
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerBreakDuration", "01:00:00"),
        KeyValuePair.Create("Lenders:CapitalFloat:BreakerMinimumThroughput", "2"),
        KeyValuePair.Create("Lenders:CapitalFloat:BreakerBreakDuration", "00:10:00"),
        KeyValuePair.Create("Lenders:CapitalFloat:MaxRetryAttempts", "0"),
    ]);

    internal StudioFixture Studio => _studio;

    public Task InitializeAsync() => _studio.InitializeAsync();

    public void Dispose() => _studio.Dispose();

    public Task DisposeAsync() => _studio.DisposeAsync();
}
