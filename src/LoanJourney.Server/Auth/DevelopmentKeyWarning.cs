using LoanJourney.Sandbox;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Auth;

/// <summary>
/// In Development without a principal: once the server listens, one line with the Studio's address and the key to sign in
/// with. Walk 44 (a new operator's first <c>dotnet run</c>): the key was a warning among four others, before the address was
/// known, and the Studio's address was said nowhere.
/// </summary>
internal sealed class DevelopmentKeyWarning(ListeningAddress address, IHostApplicationLifetime lifetime, ILogger<DevelopmentKeyWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var studio = address.Resolve("/studio/").ToString();
            ServerLog.StudioReady(logger, studio);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
