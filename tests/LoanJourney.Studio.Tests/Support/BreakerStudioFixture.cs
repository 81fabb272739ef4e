namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// A server and Chromium of their own whose FinBox v1 (<c>Lenders:FinBoxSourcing</c>) breaker opens after two failed calls and
/// stays open an hour, for the tests of journeys waiting out an open breaker (<see cref="StudioBreakerTestGroup"/>): opening a
/// lender's breaker on a shared server would defer every other test's journeys to that lender.
/// </summary>
public sealed class BreakerStudioFixture : IAsyncLifetime, IDisposable
{
    private readonly StudioFixture _studio = new([
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerMinimumThroughput", "2"),
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerFailureRatio", "0.5"),
        KeyValuePair.Create("Lenders:FinBoxSourcing:BreakerBreakDuration", "01:00:00"),
    ]);

    internal StudioFixture Studio => _studio;

    public Task InitializeAsync() => _studio.InitializeAsync();

    public void Dispose() => _studio.Dispose();

    public Task DisposeAsync() => _studio.DisposeAsync();
}
