using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Auth;

internal sealed class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ServerLog.UsingDevelopmentKey(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
