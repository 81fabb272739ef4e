namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>At start-up, deletes the test-run folders a server killed mid-run left behind (<see cref="TestRunDirectories"/>).</summary>
internal sealed class TestRunLeftoverSweep(TestRunDirectories directories) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        directories.DeleteLeftovers();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
