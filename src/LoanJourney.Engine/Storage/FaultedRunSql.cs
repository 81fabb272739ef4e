using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// The page of a workflow's faulted journeys in triage order (migration 0039), the same SQL on both stores: money questions
/// awaiting a decision first (<c>fault_rank</c> 0), then the other faults, each run by when it faulted, ties by id; a range of
/// <c>ix_instances_faulted (workflow_id, fault_rank, faulted_at, id) WHERE status = 'Faulted'</c> read in its own order.
/// </summary>
internal static class FaultedRunSql
{
    /// <summary>The statement of one page (one row more than <paramref name="take"/>, which says whether a page follows).</summary>
    public static (string Sql, DynamicParameters Parameters) Page(string summaryColumns, string from, string workflowId, FaultedCursor? after, int take)
    {
        var parameters = new DynamicParameters();
        parameters.Add("WorkflowId", workflowId);
        parameters.Add("Take", (long)Math.Clamp(take, 1, 500) + 1);
        var keyset = "";
        if (after is not null)
        {
            keyset = " AND (i.fault_rank, i.faulted_at, i.id) > (@AfterRank, @AfterAt, @AfterId)";
            parameters.Add("AfterRank", after.AwaitsDecision ? 0 : 1);
            parameters.Add("AfterAt", UnixMs.To(after.FaultedAt));
            parameters.Add("AfterId", after.Id);
        }

        return ($"SELECT {summaryColumns}, i.fault_rank AS FaultRank FROM {from} WHERE i.workflow_id = @WorkflowId AND i.status = 'Faulted'{keyset} " +
            "ORDER BY i.fault_rank, i.faulted_at, i.id LIMIT @Take", parameters);
    }

    /// <summary>The page read by <see cref="Page"/>: at most <paramref name="take"/> rows, and the cursor after the last when more follow.</summary>
    public static FaultedPage Read(IEnumerable<SummaryRow> rows, int take)
    {
        var read = rows.ToList();
        var page = read.Take(Math.Clamp(take, 1, 500)).ToList();
        var last = page.Count < read.Count ? page[^1] : null;
        return new FaultedPage(page.Select(r => r.ToSummary()).ToList(),
            last is null ? null : new FaultedCursor(last.FaultRank == 0, UnixMs.From(last.FaultedAt ?? last.UpdatedAt), last.Id));
    }
}
