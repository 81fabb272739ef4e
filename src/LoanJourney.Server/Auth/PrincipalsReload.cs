using LoanJourney.Server.Logging;
using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Re-reads the key principals when the configuration reloads (the repository's <c>appsettings*.json</c> are polled for
/// changes), so a leaked key is revoked, a key rotated or a role changed on a running node, without a restart: the next
/// request (and every session signed in with a key, <see cref="SessionCheck"/>) is judged by the new set. A reload that does
/// not read — a malformed entry, a name used twice, no principal left outside Development — keeps the set in force and logs
/// why (event 2020): a typo in the file must not lock every operator out, nor let anyone in.
/// </summary>
internal sealed class PrincipalsReload(
    IConfiguration configuration,
    ApiKeyOptions keys,
    Func<IConfiguration, IReadOnlyList<KeyPrincipal>> read,
    ILogger<PrincipalsReload> logger,
    Action? changed = null) : IHostedService, IDisposable
{
    private IDisposable? _subscription;
    private readonly Lock _gate = new(); // one reload at a time: each change fires several reload tokens
    private string? _refused; // the reason the last reload was refused, logged once

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        Reload(); // the configuration as the host was built: sources added after the services were registered count too
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

    /// <summary>Reads the principals again and puts them in force when they read; otherwise keeps those in force.</summary>
    internal void Reload()
    {
        lock (_gate)
        {
            ReloadLocked();
        }
    }

    private void ReloadLocked()
    {
        IReadOnlyList<KeyPrincipal> next;
        try
        {
            next = read(configuration);
        }
        catch (InvalidOperationException e)
        {
            // Once per reason: one change fires the reload of every source, and other settings' changes reload too.
            if (!string.Equals(_refused, e.Message, StringComparison.Ordinal))
            {
                _refused = e.Message;
                ServerLog.PrincipalsReloadRefused(logger, keys.Principals.Count, e.Message);
            }

            return;
        }

        _refused = null;
        var changes = Changes(keys.Principals, next);
        if (changes.Count == 0)
        {
            return; // another key changed (a reload fires for every change of any setting)
        }

        keys.Principals = next;
        ServerLog.PrincipalsReloaded(logger, next.Count, string.Join("; ", changes));
        changed?.Invoke(); // e.g. a partner's principal added without the partner's API (PartnerApiCheck)
    }

    /// <summary>What changed, by principal name (names are the audit trail's <c>by</c>; never a key or its hash).</summary>
    internal static List<string> Changes(IReadOnlyList<KeyPrincipal> before, IReadOnlyList<KeyPrincipal> after)
    {
        var changes = new List<string>();
        foreach (var now in after)
        {
            var was = before.FirstOrDefault(b => string.Equals(b.Name, now.Name, StringComparison.Ordinal));
            if (was is null)
            {
                changes.Add($"{now.Name} added ({Roles.Describe(now.Roles)})");
                continue;
            }

            if (!was.Roles.SequenceEqual(now.Roles, StringComparer.Ordinal))
            {
                changes.Add($"{now.Name} {(now.Roles.Count == 1 ? "role" : "roles")} {Roles.Describe(now.Roles)} (was {Roles.Describe(was.Roles)})");
            }

            if (!was.KeyHash.AsSpan().SequenceEqual(now.KeyHash))
            {
                changes.Add($"{now.Name} key changed");
            }
        }

        changes.AddRange(before.Where(b => !after.Any(a => string.Equals(a.Name, b.Name, StringComparison.Ordinal))).Select(b => $"{b.Name} removed"));
        return changes;
    }
}
