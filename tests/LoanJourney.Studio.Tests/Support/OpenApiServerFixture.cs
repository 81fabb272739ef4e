namespace LoanJourney.Studio.Tests.Support;

/// <summary>A server of its own for the OpenAPI client tests (they start journeys; the browser tests' funnel counts stay theirs).</summary>
public sealed class OpenApiServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
