using System.Globalization;

namespace LoanJourney.Engine.Errors;

/// <summary>
/// The database holds migrations this build does not have: a newer build migrated it (a rolling upgrade's first node, or a
/// release rolled back after its start). An older build never runs on a newer schema (docs/scale-out.md, "Upgrading the
/// nodes"): it cannot tell a migration that only adds a column from one that changes what the rows mean, as 0034 did when it
/// hashed the stored <c>Idempotency-Key</c>s, after which an older node looked keys up as sent, missed their journeys and
/// started duplicates. The store touches nothing (no migration of its own runs), and the server does not start.
/// </summary>
public sealed class SchemaNewerThanBuildException(string known, IReadOnlyList<string> newer)
    : WorkflowEngineException("schema_newer_than_build",
        $"The database's schema is newer than this build: it has migration{(newer.Count == 1 ? "" : "s")} " +
        $"{string.Join(", ", newer)}, which this build does not have (its last is {known}). " +
        "A newer build of LoanJourney migrated it; an older build does not run on a newer schema. " +
        "Start this node from that build (or a newer one); a rollback to an older build needs the database as it was before " +
        "the newer build's first start (docs/scale-out.md, \"Upgrading the nodes\").")
{
    /// <summary>The last migration this build has, e.g. <c>0035_audit_origin.sql</c>.</summary>
    public string Known { get; } = known;

    /// <summary>The migrations in the database this build does not have, in version order, e.g. <c>0036_x.sql</c>.</summary>
    public IReadOnlyList<string> Newer { get; } = newer;

    /// <summary>The exception for the applied migrations newer than this build's last, or null when there are none.</summary>
    internal static SchemaNewerThanBuildException? For(IReadOnlyList<(long Version, string Name)> applied, (long Version, string Name) last)
    {
        var newer = applied.Where(m => m.Version > last.Version).OrderBy(m => m.Version)
            .Select(m => string.IsNullOrEmpty(m.Name) ? m.Version.ToString("D4", CultureInfo.InvariantCulture) : m.Name).ToList();
        return newer.Count == 0 ? null : new SchemaNewerThanBuildException(last.Name, newer);
    }
}
