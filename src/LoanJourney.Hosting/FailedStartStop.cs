using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace LoanJourney.Hosting;

/// <summary>
/// Runs a web application as <c>app.Run()</c> does, with one difference: a start that fails (the port taken) stops what had
/// started before the host is disposed. The background services start before Kestrel binds. On .NET 10 a
/// <see cref="BackgroundService"/> whose loop the thread pool had not begun when the host was
/// disposed ends <em>canceled</em> without having run (dotnet/runtime#131249), and a host that was never stopped logs
/// that as "BackgroundService failed" and a Fatal "the IHost instance is stopping", after the real cause: an operator
/// reading the log saw three errors for one taken port, one run in a few. A stop makes that cancellation what it is, a stop.
/// The server and the standalone sandbox both run this way.
/// </summary>
public static class FailedStartStop
{
    /// <summary>Starts <paramref name="app"/>, waits for its shutdown, and disposes it; a failed start is stopped, then rethrown.</summary>
    /// <param name="app">The built application.</param>
    public static void RunStoppingAFailedStart(this WebApplication app) => RunAsync(app).GetAwaiter().GetResult();

    private static async Task RunAsync(WebApplication app)
    {
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await StopQuietlyAsync(app);
                throw;
            }

            await app.WaitForShutdownAsync();
        }
    }

    /// <summary>A stop that fails as well is logged; the start's own exception is the one the process reports.</summary>
    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync();
        }
        catch (Exception e)
        {
            HostingLog.StopAfterFailedStartFailed(app.Logger, e);
        }
    }
}
