namespace LoanJourney.EndToEnd.Tests.Support;

/// <summary>One server + sandbox pair for every test but the crash test (starting processes is the slow part on 2 cores).</summary>
public sealed class SharedDeployment : IAsyncLifetime
{
    private Deployment? _stack;

    public Deployment Deployment => _stack ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _stack = await Deployment.StartAsync("shared");

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}
