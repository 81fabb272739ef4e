using System.Globalization;
using System.Text;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// Builds the <c>WHERE</c> clause and parameters of an instance list query (alias <c>i</c>) for both stores; only the
/// two clauses whose SQL differs between SQLite and PostgreSQL come from <see cref="InstanceFilterDialect"/>.
/// </summary>
internal static class InstanceFilterSql
{
    /// <summary>An open incident exists for instance <c>i</c> (the same SQL on both stores).</summary>
    public const string OpenIncident = "EXISTS (SELECT 1 FROM incidents x WHERE x.instance_id = i.id AND x.resolved_at IS NULL)";

    /// <summary>The ids of instances with an open incident (the same SQL on both stores; migration 0017 indexes it).</summary>
    public const string OpenIncidentIds = "(SELECT x.instance_id FROM incidents x WHERE x.resolved_at IS NULL)";

    /// <summary>
    /// The ids of instances whose step is deferred (<see cref="InstanceQuery.DeferredOn"/>: on <c>@DeferredOn</c>, or on anything):
    /// the deferral timers, by the bookmarks' <c>ix_bookmarks_key (kind, key, created_at)</c>; <paramref name="instanceId"/> is
    /// the dialect's <see cref="InstanceFilterDialect.BookmarkInstanceId"/>.
    /// </summary>
    public static string DeferredIds(string instanceId, bool any) =>
        $"(SELECT {instanceId} FROM bookmarks d WHERE d.kind = 'Timer' AND d.key " + (any ? "> '')" : "= @DeferredOn)");

    /// <summary>
    /// The <c>WHERE</c> clause of <paramref name="query"/>; <paramref name="page"/>: of its page (with the keyset cursor,
    /// which narrows the page, never the total and counts).
    /// </summary>
    public static (string Where, DynamicParameters Parameters) Build(InstanceQuery query, bool includeStatus, InstanceFilterDialect dialect, bool page = false)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (query.WorkflowId is not null)
        {
            where.Append(" AND i.workflow_id = @WorkflowId");
            parameters.Add("WorkflowId", query.WorkflowId);
        }

        if (query.WorkflowVersion is { } version)
        {
            where.Append(" AND i.workflow_version = @WorkflowVersion");
            parameters.Add("WorkflowVersion", (long)version);
        }

        var statuses = (query.Statuses ?? []).Concat(query.Status is { } s ? [s] : []).Distinct().Select(x => x.ToString()).ToArray();
        if (includeStatus && statuses.Length > 0)
        {
            where.Append(" AND ").Append(dialect.StatusIn);
            parameters.Add("Statuses", statuses);
        }

        if (query.Partner is not null)
        {
            where.Append(" AND i.partner = @Partner");
            parameters.Add("Partner", query.Partner);
        }

        if (query.HasPartner is { } hasPartner)
        {
            // Not by the partner indexes (0031, 0033), which are partial (WHERE partner IS NOT NULL): the list's sort index, filtered
            // (docs/api.md, "Instances"; session 45 read the plans on both stores).
            where.Append(hasPartner ? " AND i.partner IS NOT NULL" : " AND i.partner IS NULL");
        }

        if (query.CorrelationId is not null)
        {
            where.Append(" AND i.correlation_id = @CorrelationId");
            parameters.Add("CorrelationId", query.CorrelationId);
        }

        if (query.Outcome is not null)
        {
            where.Append(" AND i.outcome = @Outcome");
            parameters.Add("Outcome", query.Outcome);
        }

        AddRange(where, parameters, "i.created_at", "CreatedFrom", query.CreatedFrom, ">=");
        AddRange(where, parameters, "i.created_at", "CreatedTo", query.CreatedTo, "<=");
        AddRange(where, parameters, "i.updated_at", "UpdatedFrom", query.UpdatedFrom, ">=");
        AddRange(where, parameters, "i.updated_at", "UpdatedTo", query.UpdatedTo, "<=");
        if (query.HasIncident is { } hasIncident)
        {
            // The counter the incidents' triggers keep (migration 0020), or, for the raw answer, the open incidents
            // themselves (few, live) through their partial index.
            where.Append(dialect.IncidentCounter
                ? (hasIncident ? " AND i.open_incidents > 0" : " AND i.open_incidents = 0")
                : (hasIncident ? " AND i.id IN " : " AND i.id NOT IN ") + (dialect.OpenIncidentIds ?? OpenIncidentIds));
        }

        if (query.IncidentKind is not null)
        {
            // The journey's open incidents (few, live) through the incidents' instance index, their kind compared.
            where.Append(" AND EXISTS (SELECT 1 FROM incidents k WHERE k.instance_id = i.id AND k.resolved_at IS NULL AND k.error_kind = @IncidentKind)");
            parameters.Add("IncidentKind", query.IncidentKind);
        }

        if (query.DeferredOn is { } deferredOn)
        {
            // The deferral timers' keys (docs/engine.md, "Deferral"): one API's are an equality, every one a range of the
            // bookmarks' (kind, key, created_at) index (no other timer has a key), so this reads the deferred journeys only.
            var any = deferredOn == InstanceQuery.AnyDeferral;
            where.Append(" AND i.id IN ").Append(DeferredIds(dialect.BookmarkInstanceId, any));
            if (!any)
            {
                parameters.Add("DeferredOn", deferredOn);
            }
        }

        if (page && query.After is { } after)
        {
            // Keyset paging: the rows after the cursor's (sort value, id) in the list's order, a range of the sort index.
            where.Append(query.Sort == InstanceSortField.UpdatedAt ? " AND (i.updated_at, i.id) " : " AND (i.created_at, i.id) ")
                .Append(query.Descending ? "<" : ">").Append(" (@AfterAt, @AfterId)");
            parameters.Add("AfterAt", UnixMs.To(after.At));
            parameters.Add("AfterId", after.Id);
        }

        if (query.WaitingSinceBefore is { } before)
        {
            where.Append(" AND i.status = 'Waiting' AND ").Append(dialect.WaitingSinceBefore);
            parameters.Add("WaitingSinceBefore", dialect.WaitingSinceParameter(before));
            if (dialect.WaitingSinceRangeParameter is { } range)
            {
                parameters.Add("WaitingSinceRange", range(before));
            }
        }

        return (where.ToString(), parameters);
    }

    private static void AddRange(StringBuilder where, DynamicParameters parameters, string column, string name, DateTimeOffset? value, string op)
    {
        if (value is { } v)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {column} {op} @{name}");
            parameters.Add(name, UnixMs.To(v));
        }
    }
}

/// <summary>The SQL of a store's dialect for the clauses <see cref="InstanceFilterSql"/> cannot share.</summary>
/// <param name="StatusIn">Instance status is one of <c>@Statuses</c> (a string array).</param>
/// <param name="WaitingSinceBefore">The instance has waited since no later than <c>@WaitingSinceBefore</c>.</param>
/// <param name="WaitingSinceParameter">The value bound to <c>@WaitingSinceBefore</c>.</param>
/// <param name="WaitingSinceRangeParameter">
/// When set, the value bound to <c>@WaitingSinceRange</c>: an index range in the database's collation that holds every match
/// (PostgreSQL, <see cref="OperatorViewAggregates.WaitingSinceRangeText"/>).
/// </param>
/// <param name="OpenIncidentIds">The ids of instances with an open incident, when the dialect must name the index (default <see cref="InstanceFilterSql.OpenIncidentIds"/>).</param>
/// <param name="IncidentCounter">hasIncident reads <c>instances.open_incidents</c> (migration 0020); false: the incidents table (the raw answer).</param>
/// <param name="BookmarkInstanceId">
/// A bookmark's <c>instance_id</c> (alias <c>d</c>) as compared with <c>i.id</c>: on PostgreSQL in <c>i.id</c>'s own collation, so
/// the comparison is an index condition on the instances' key.
/// </param>
internal sealed record InstanceFilterDialect(
    string StatusIn, string WaitingSinceBefore, Func<DateTimeOffset, object> WaitingSinceParameter, string? OpenIncidentIds = null, bool IncidentCounter = true,
    string BookmarkInstanceId = "d.instance_id", Func<DateTimeOffset, object>? WaitingSinceRangeParameter = null);
