using LoanJourney.Sandbox;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Auth;

/// <summary>
/// In Development, once the server listens: one line with the Studio's address and, without a principal, the key to sign in
/// with. Walk 44 (a new operator's first <c>dotnet run</c>): the key was a warning among four others, before the address was
/// known, and the Studio's address was said nowhere. Walk 52: with principals configured (an Operator added as docs/server.md
/// says) the line was not written at all, so a restart said the address nowhere again; it is now written without the key.
/// </summary>
internal sealed class DevelopmentStudioAddress(bool usingDevelopmentKey, ListeningAddress address, IHostApplicationLifetime lifetime, ILogger<DevelopmentStudioAddress> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var studio = address.Resolve("/studio/").ToString();
            if (usingDevelopmentKey)
            {
                ServerLog.StudioReady(logger, studio);
            }
            else
            {
                ServerLog.StudioReadyWithPrincipals(logger, studio);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
