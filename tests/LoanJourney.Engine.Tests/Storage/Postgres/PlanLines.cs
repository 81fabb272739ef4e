namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// An <c>EXPLAIN</c> of a list or feed query, split where its first <c>SubPlan</c> begins. The main part is the read of
/// <c>instances</c> the plan tests are about (an index range, no filter, no sort); the sub-plans are the per-row lookups of
/// the summary's columns (the open incident's kind, the deferral timer's API), at most one page of rows, each of which must
/// find its rows by the journey's id through an index, whatever it filters among that journey's few rows.
/// </summary>
internal static class PlanLines
{
    public static IReadOnlyList<string> MainPart(IReadOnlyList<string> plan) =>
        [.. plan.TakeWhile(l => !l.StartsWith("SubPlan", StringComparison.Ordinal))];

    /// <summary>Each sub-plan's lines (from its <c>SubPlan</c> line to the next).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> SubPlans(IReadOnlyList<string> plan)
    {
        var subPlans = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        foreach (var line in plan.SkipWhile(l => !l.StartsWith("SubPlan", StringComparison.Ordinal)))
        {
            if (line.StartsWith("SubPlan", StringComparison.Ordinal))
            {
                current = [];
                subPlans.Add(current);
            }

            current!.Add(line);
        }

        return subPlans;
    }

    /// <summary>True when every sub-plan reads its table through an index on the journey's id, and none scans a table whole.</summary>
    public static bool SubPlansAreLookupsByInstance(IReadOnlyList<string> plan) =>
        SubPlans(plan).All(sub =>
            sub.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("instance_id = (i.id)", StringComparison.Ordinal))
            && !sub.Any(l => l.Contains("Seq Scan", StringComparison.Ordinal)));

    /// <summary>
    /// True when the main part reads its index range in the list's order (no sort, no sequential scan, no filter over what it
    /// read) and every sub-plan is a lookup by the journey's id: what a page of a keyset list must be.
    /// </summary>
    public static bool IsOrderedRangeRead(IReadOnlyList<string> plan) =>
        !MainPart(plan).Any(l => l.StartsWith("Sort", StringComparison.Ordinal) || l.Contains("Seq Scan", StringComparison.Ordinal)
            || l.StartsWith("Filter:", StringComparison.Ordinal))
        && SubPlansAreLookupsByInstance(plan);
}
