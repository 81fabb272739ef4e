namespace LoanJourney.Sandbox.Tests;

/// <summary>One sandbox per test class, default options (ProcessingPolls 2), manual v1 advance.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(new Dictionary<string, string?>
    {
        ["Sandbox:KycActionPendingPolls"] = "2",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
