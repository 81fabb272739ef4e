using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// The page of a workflow's journeys waiting longer than a threshold, longest wait first (the stuck list's second run, migration
/// 0040), the same SQL on both stores but for the wait's start: by when the current wait started, ties by id; a range of
/// <c>ix_instances_waiting_workflow (workflow_id, waiting since, id) WHERE status = 'Waiting'</c> read in its own order.
/// </summary>
internal static class WaitingRunSql
{
    /// <summary>
    /// The statement of one page (one row more than <paramref name="take"/>, which says whether a page follows);
    /// <paramref name="waitingSince"/> is the store's expression of the index's second column, compared as the index orders it.
    /// </summary>
    public static (string Sql, DynamicParameters Parameters) Page(
        string summaryColumns, string from, string waitingSince, string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take)
    {
        var (where, parameters) = Where(waitingSince, workflowId, waitingSinceBefore);
        parameters.Add("Take", (long)Math.Clamp(take, 1, 500) + 1);
        if (after is not null)
        {
            where += $" AND ({waitingSince}, i.id) > (@AfterSince, @AfterId)";
            parameters.Add("AfterSince", after.WaitingSince);
            parameters.Add("AfterId", after.Id);
        }

        return ($"SELECT {summaryColumns} FROM {from} {where} ORDER BY {waitingSince}, i.id LIMIT @Take", parameters);
    }

    /// <summary>How many journeys of the workflow wait longer than the threshold: the same range of the same index (its entries alone on SQLite).</summary>
    public static (string Sql, DynamicParameters Parameters) Count(string from, string waitingSince, string workflowId, DateTimeOffset waitingSinceBefore)
    {
        var (where, parameters) = Where(waitingSince, workflowId, waitingSinceBefore);
        return ($"SELECT COUNT(*) FROM {from} {where}", parameters);
    }

    private static (string Where, DynamicParameters Parameters) Where(string waitingSince, string workflowId, DateTimeOffset waitingSinceBefore)
    {
        var parameters = new DynamicParameters();
        parameters.Add("WorkflowId", workflowId);
        parameters.Add("WaitingSinceBefore", OperatorViewAggregates.WaitingSinceText(waitingSinceBefore));
        return ($"WHERE i.workflow_id = @WorkflowId AND i.status = 'Waiting' AND {waitingSince} <= @WaitingSinceBefore", parameters);
    }

    /// <summary>The page read by <see cref="Page"/>: at most <paramref name="take"/> rows, and the cursor after the last when more follow.</summary>
    public static WaitingPage Read(IEnumerable<SummaryRow> rows, int take, long? total)
    {
        var read = rows.ToList();
        var page = read.Take(Math.Clamp(take, 1, 500)).ToList();
        var last = page.Count < read.Count ? page[^1] : null;
        return new WaitingPage(page.Select(r => r.ToSummary()).ToList(),
            last is null ? null : new WaitingCursor(last.WaitingSince ?? "", last.Id), total);
    }
}
