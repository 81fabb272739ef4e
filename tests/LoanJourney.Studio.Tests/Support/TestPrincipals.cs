using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// The principals the test server is configured with (<c>Server:Principals</c>, SHA-256 hex of each key): the Admin
/// <c>dev</c> keeps the documented development key so every other test signs in as before; a Viewer, an Operator and a
/// Designer exercise what each role sees.
/// </summary>
internal static class TestPrincipals
{
    public const string AdminName = "dev";
    public const string ViewerName = "viewer-vera";
    public const string ViewerKey = "studio-tests-viewer-key";
    public const string OperatorName = "ops-priya";
    public const string OperatorKey = "studio-tests-operator-key";
    public const string DesignerName = "designer-dev";
    public const string DesignerKey = "studio-tests-designer-key";
    public const string PartnerName = "acme-bot";
    public const string PartnerKey = "studio-tests-acme-partner-key";
    public const string Partner = "acme";
    public const string OperatorAuditorName = "omar-ops-audit";
    public const string OperatorAuditorKey = "studio-tests-operator-auditor-key";

    /// <summary>Name, role and key of each principal.</summary>
    public static IReadOnlyList<(string Name, string Role, string Key)> All { get; } =
    [
        (AdminName, "Admin", ServerProcess.ApiKey),
        (ViewerName, "Viewer", ViewerKey),
        (OperatorName, "Operator", OperatorKey),
        (DesignerName, "Designer", DesignerKey),
    ];

    /// <summary>
    /// The settings <c>Server:Principals:{i}:Name|Role|KeySha256</c>, as command-line configuration, and after <see cref="All"/>
    /// an Operator scoped to the partner <see cref="Partner"/> (an API client: a partner holds no Studio session), then a principal
    /// holding two roles, Operator and Auditor (<c>Roles</c>, session 46).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings() =>
        All.SelectMany((p, i) => new[]
        {
            KeyValuePair.Create($"Server:Principals:{i}:Name", p.Name),
            KeyValuePair.Create($"Server:Principals:{i}:Role", p.Role),
            KeyValuePair.Create($"Server:Principals:{i}:KeySha256", Hash(p.Key)),
        }).Concat(
        [
            KeyValuePair.Create($"Server:Principals:{All.Count}:Name", PartnerName),
            KeyValuePair.Create($"Server:Principals:{All.Count}:Role", "Operator"),
            KeyValuePair.Create($"Server:Principals:{All.Count}:KeySha256", Hash(PartnerKey)),
            KeyValuePair.Create($"Server:Principals:{All.Count}:Partner", Partner),
            KeyValuePair.Create($"Server:Principals:{All.Count + 1}:Name", OperatorAuditorName),
            KeyValuePair.Create($"Server:Principals:{All.Count + 1}:Roles:0", "Operator"),
            KeyValuePair.Create($"Server:Principals:{All.Count + 1}:Roles:1", "Auditor"),
            KeyValuePair.Create($"Server:Principals:{All.Count + 1}:KeySha256", Hash(OperatorAuditorKey)),
        ]);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
