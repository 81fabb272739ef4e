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

    /// <summary>Name, role and key of each principal.</summary>
    public static IReadOnlyList<(string Name, string Role, string Key)> All { get; } =
    [
        (AdminName, "Admin", ServerProcess.ApiKey),
        (ViewerName, "Viewer", ViewerKey),
        (OperatorName, "Operator", OperatorKey),
        (DesignerName, "Designer", DesignerKey),
    ];

    /// <summary>The settings <c>Server:Principals:{i}:Name|Role|KeySha256</c>, as command-line configuration.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings() =>
        All.SelectMany((p, i) => new[]
        {
            KeyValuePair.Create($"Server:Principals:{i}:Name", p.Name),
            KeyValuePair.Create($"Server:Principals:{i}:Role", p.Role),
            KeyValuePair.Create($"Server:Principals:{i}:KeySha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Key)))),
        });
}
