namespace LoanJourney.Server.Auth;

/// <summary>
/// The four roles. Hierarchical: Admin holds every other role; Operator and Designer each hold Viewer; Operator and
/// Designer are siblings (an operator does not publish, a designer does not cancel journeys).
/// </summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Designer = "Designer";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Designer, Admin];

    /// <summary>The canonical spelling of <paramref name="role"/> (case-insensitive), or null when it is none of the four.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a principal with <paramref name="held"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Satisfies(string held, string needed) =>
        held == needed || held == Admin || (needed == Viewer && held is Operator or Designer);

    /// <summary>The strongest of several roles (an identity provider may send more than one): Admin, then Operator, Designer, Viewer.</summary>
    public static string? Strongest(IEnumerable<string?> roles)
    {
        var normalized = roles.Select(Normalize).Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        return new[] { Admin, Operator, Designer, Viewer }.FirstOrDefault(normalized.Contains);
    }
}
