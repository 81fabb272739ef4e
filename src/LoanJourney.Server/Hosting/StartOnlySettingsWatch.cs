using System.Security.Cryptography;
using System.Text;
using LoanJourney.Server.Logging;
using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Hosting;

/// <summary>
/// Says when the configuration files change a setting that is read at start only. The principals reload
/// (<see cref="Auth.PrincipalsReload"/>); everything else — a partner's inbound secret, a webhook secret, the database, the
/// proxies — keeps the value the node started with until it restarts. Walk 47: a partner's secret changed in
/// <c>appsettings.Production.json</c> on a running node was refused by nothing and said by nothing: the node went on
/// accepting the old secret and refusing the new one, and the log held only the principals' reload line. Warning 2022 now
/// names each such key, never its value (what is kept to compare is the SHA-256 of each value). The <c>Serilog</c> section
/// is left out: Serilog reads its own level settings again; so is <c>Lenders</c>: a lender's or partner's outbound settings
/// follow a reload (session 46).
/// </summary>
internal sealed class StartOnlySettingsWatch(IConfiguration configuration, ILogger<StartOnlySettingsWatch> logger) : IHostedService, IDisposable
{
    // Lenders: every lender's and partner's section is read again at each call (IOptionsMonitor<LenderOptions>,
    // docs/server.md "Changing them"), so a change there applies and is not this warning's.
    private static readonly string[] Reloaded = ["Server:Principals", "Serilog", "Lenders"];
    private readonly Lock _gate = new();
    private Dictionary<string, string> _started = [];
    private Dictionary<string, string> _last = [];
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _last = Snapshot(configuration);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    /// <summary>Compares the configuration with what the node started with; warns once per different set of changed keys.</summary>
    internal void Reload()
    {
        lock (_gate)
        {
            var now = Snapshot(configuration);
            if (SameAs(now, _last))
            {
                return; // each change fires several reload tokens, and a principals-only change is not this class's
            }

            _last = now;
            var changed = _started.Keys.Union(now.Keys, StringComparer.OrdinalIgnoreCase)
                .Where(k => !(_started.TryGetValue(k, out var was) && now.TryGetValue(k, out var @is) && was == @is))
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (changed.Count > 0)
            {
                ServerLog.StartOnlySettingsChanged(logger, string.Join(", ", changed));
            }
        }
    }

    private static bool SameAs(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);

    private static Dictionary<string, string> Snapshot(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(e => e.Value is not null && !Reloaded.Any(r => e.Key.Equals(r, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(r + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)))
            .GroupBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(g.First().Value!))), StringComparer.OrdinalIgnoreCase);
}
