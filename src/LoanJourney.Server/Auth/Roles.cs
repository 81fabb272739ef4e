namespace LoanJourney.Server.Auth;

/// <summary>
/// The five roles. Hierarchical: Admin holds every other role; Operator, Designer and Auditor each hold Viewer and are
/// siblings (an operator does not publish, a designer does not cancel journeys, an auditor changes nothing). A principal
/// holds a set of them (session 46, <see cref="Held"/>): a lending team gives Operator and Auditor to one person as its
/// segregation of duties allows, and that person may do what either allows. Auditor
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
    /// The strongest of several roles, in the order Admin, Operator, Designer, Auditor, Viewer (unknown names ignored): the
    /// one a 403 names as needed when several requirements failed, and the single <c>role</c> answers keep beside
    /// <c>roles</c> for clients that read one (docs/api.md, "Authentication and roles"). Not what a principal may do: that
    /// is every role it holds (<see cref="Held"/>).
    /// </summary>
    public static string? Strongest(IEnumerable<string?> roles)
    {
        var normalized = roles.Select(Normalize).Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        return Order.FirstOrDefault(normalized.Contains);
    }

    /// <summary>
    /// The roles a principal given <paramref name="roles"/> holds (session 46: a set, not the strongest one): every known
    /// name, canonically spelt, without those another one already holds (Viewer beside Operator; everything beside Admin),
    /// strongest first. Unknown names are dropped, as before: they grant nothing, so a token with <c>Viewer</c> and
    /// <c>Supervisor</c> is a Viewer, and one with only unknown names holds no role (403 naming the role needed).
    /// </summary>
    public static IReadOnlyList<string> Held(IEnumerable<string?> roles)
    {
        var known = roles.Select(Normalize).Where(r => r is not null).Cast<string>().ToHashSet(StringComparer.Ordinal);
        return Order.Where(r => known.Contains(r) && !known.Any(other => other != r && Satisfies(other, r))).ToList();
    }

    /// <summary>The strongest of roles already <see cref="Held"/> (their first), or null for none.</summary>
    public static string? First(IReadOnlyList<string> held) => held.Count > 0 ? held[0] : null;

    /// <summary>Whether a principal holding <paramref name="held"/> may do what needs <paramref name="needed"/>: any one of them does.</summary>
    public static bool SatisfiedByAny(IEnumerable<string> held, string needed) => held.Any(h => Satisfies(h, needed));

    /// <summary>The roles as messages and the log name them: <c>Operator and Auditor</c>; <c>none</c> for no role.</summary>
    public static string Describe(IReadOnlyList<string> held) => held.Count switch
    {
        0 => "none",
        1 => held[0],
        _ => $"{string.Join(", ", held.Take(held.Count - 1))} and {held[^1]}",
    };

    private static readonly string[] Order = [Admin, Operator, Designer, Auditor, Viewer];
}
