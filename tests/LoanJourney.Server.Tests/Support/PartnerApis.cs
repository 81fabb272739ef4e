namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// The three partner APIs the partner tests run a server against, each a <see cref="PartnerApiReceiver"/> on a loopback port of
/// its own: the team's (<c>Lenders:Partner</c>), acme's and zeta's (<c>Lenders:Partners:&lt;partner&gt;</c>), with a folder for the
/// server's JSON log, deleted with them.
/// </summary>
public sealed class PartnerApis : IAsyncDisposable
{
    private PartnerApis(PartnerApiReceiver team, PartnerApiReceiver acme, PartnerApiReceiver zeta, string logs)
    {
        Team = team;
        Acme = acme;
        Zeta = zeta;
        Logs = logs;
    }

    public PartnerApiReceiver Team { get; }

    public PartnerApiReceiver Acme { get; }

    public PartnerApiReceiver Zeta { get; }

    /// <summary>The folder for the server's log file (<c>Serilog:File:Path</c>), under the temporary directory.</summary>
    public string Logs { get; }

    public static async Task<PartnerApis> StartAsync(string logPrefix, bool asyncHandshake = false) =>
        new(await PartnerApiReceiver.StartAsync(asyncHandshake), await PartnerApiReceiver.StartAsync(asyncHandshake),
            await PartnerApiReceiver.StartAsync(asyncHandshake), Path.Combine(Path.GetTempPath(), logPrefix + Guid.NewGuid().ToString("N")));

    public async ValueTask DisposeAsync()
    {
        await Team.DisposeAsync();
        await Acme.DisposeAsync();
        await Zeta.DisposeAsync();
        try
        {
            Directory.Delete(Logs, recursive: true);
        }
        catch (IOException)
        {
            // absent, or a log file still held
        }
    }
}
