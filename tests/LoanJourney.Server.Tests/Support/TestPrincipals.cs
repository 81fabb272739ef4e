using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Server.Tests.Support;

/// <summary>One principal per role (configured by the SHA-256 of its key, as in production) plus the legacy Admin key.</summary>
public static class TestPrincipals
{
    public static readonly (string Name, string Role, string Key)[] All =
    [
        ("vera-viewer", "Viewer", "viewer-key-0123456789"),
        ("oscar-operator", "Operator", "operator-key-0123456789"),
        ("dana-designer", "Designer", "designer-key-0123456789"),
        ("aarti-auditor", "Auditor", "auditor-key-0123456789"),
        ("ada-admin", "Admin", "admin-key-0123456789"),
    ];

    /// <summary>Principals scoped to a sourcing partner (docs/server.md, "Partner scope"): two partners' Operators and one partner's Viewer.</summary>
    public static readonly (string Name, string Role, string Key, string Partner)[] Scoped =
    [
        ("acme-bot", "Operator", "acme-key-0123456789", "acme"),
        ("zeta-bot", "Operator", "zeta-key-0123456789", "zeta"),
        ("acme-viewer", "Viewer", "acme-viewer-key-0123456789", "acme"),
    ];

    /// <summary><see cref="All"/> and <see cref="Scoped"/>.</summary>
    public static Dictionary<string, string?> SettingsWithScoped()
    {
        var settings = Settings();
        for (var i = 0; i < Scoped.Length; i++)
        {
            var (name, role, key, partner) = Scoped[i];
            var n = All.Length + i;
            settings[$"Server:Principals:{n}:Name"] = name;
            settings[$"Server:Principals:{n}:Role"] = role;
            settings[$"Server:Principals:{n}:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            settings[$"Server:Principals:{n}:Partner"] = partner;
        }

        return settings;
    }

    public static string KeyOf(string role) => All.Single(p => p.Role == role).Key;

    public static string NameOf(string role) => All.Single(p => p.Role == role).Name;

    public static Dictionary<string, string?> Settings() => Settings(All);

    /// <summary>The configuration of <paramref name="principals"/> (e.g. <see cref="All"/> with one removed, or with a role or key changed).</summary>
    public static Dictionary<string, string?> Settings(IEnumerable<(string Name, string Role, string Key)> principals)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var i = 0;
        foreach (var (name, role, key) in principals)
        {
            settings[$"Server:Principals:{i}:Name"] = name;
            settings[$"Server:Principals:{i}:Role"] = role;
            settings[$"Server:Principals:{i}:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            i++;
        }

        return settings;
    }
}
