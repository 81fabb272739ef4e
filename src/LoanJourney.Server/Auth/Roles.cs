namespace LoanJourney.Server.Auth;

/// <summary>
/// The five roles. Hierarchical: Admin holds every other role; Operator, Designer and Auditor each hold Viewer and are
/// siblings (an operator does not publish, a designer does not cancel journeys, an auditor changes nothing). Auditor
/// (session 46) is Viewer plus the audit trail as a file (<c>GET /api/audit/export</c>): a compliance officer who files
/// the trail with an inspector no longer needs Admin, which also erases borrowers and abandons journeys.
/// </summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Designer = "Designer";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Designer, Auditor, Admin];

    /// <summary>The canonical spelling of <paramref name="role"/> (case-insensitive), or null when it is none of the five.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a principal with <paramref name="held"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Satisfies(string held, string needed) =>
        held == needed || held == Admin || (needed == Viewer && held is Operator or Designer or Auditor);

    /// <summary>
    /// The strongest of several roles (an identity provider may send more than one): Admin, then Operator, Designer,
    /// Auditor, Viewer. A token's principal takes this one role (AuthSetup), so a token carrying Operator and Auditor acts
    /// as an Operator, without the export: the siblings do not add up (docs/server.md, "Roles").
    /// </summary>
    public static string? Strongest(IEnumerable<string?> roles)
    {
        var normalized = roles.Select(Normalize).Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        return new[] { Admin, Operator, Designer, Auditor, Viewer }.FirstOrDefault(normalized.Contains);
    }
}
