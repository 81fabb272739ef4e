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
        ("ada-admin", "Admin", "admin-key-0123456789"),
    ];

    public static string KeyOf(string role) => All.Single(p => p.Role == role).Key;

    public static string NameOf(string role) => All.Single(p => p.Role == role).Name;

    public static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < All.Length; i++)
        {
            settings[$"Server:Principals:{i}:Name"] = All[i].Name;
            settings[$"Server:Principals:{i}:Role"] = All[i].Role;
            settings[$"Server:Principals:{i}:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(All[i].Key)));
        }

        return settings;
    }
}
