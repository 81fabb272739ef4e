using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    private const string RejectedOutcome = "Rejected";

    public async Task<InstanceList> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.ListInstancesAsync(await WithStoredOutcomeAsync(query, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// An outcome filter finds the outcome as journeys store it whatever its case, as the status filter does: <c>rejected</c>
    /// finds <c>Rejected</c>. The stored spelling is looked up among the outcomes the counters know (a handful of rows), so
    /// the list still matches one indexed value exactly; a value that fits none, or two spellings of it, is matched as given.
    /// </summary>
    private async Task<InstanceQuery> WithStoredOutcomeAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        if (query.Outcome is not { } given)
        {
            return query;
        }

        var stored = await store.GetOutcomesAsync(cancellationToken);
        if (stored.Contains(given, StringComparer.Ordinal))
        {
            return query;
        }

        var matches = stored.Where(o => string.Equals(o, given, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? query with { Outcome = matches[0] } : query;
    }

    public async Task<IReadOnlyList<string>> GetDeferralApisAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.GetDeferralApisAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> GetSummariesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return instanceIds.Count == 0 ? [] : await store.GetSummariesAsync(instanceIds, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> GetChangedInstancesAsync(ChangeCursor after, int max = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.GetChangedInstancesAsync(after, max, cancellationToken);
    }

    public async Task<ChangePage> GetChangesAsync(ChangeCursor after, int max, Func<string, long, bool> have, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(have);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var marks = await store.GetChangeMarksAsync(after, max, cancellationToken);
        var wanted = marks.Where(m => !have(m.Id, m.Revision)).Select(m => m.Id).ToList();
        var changed = wanted.Count == 0 ? [] : await store.GetSummariesAsync(wanted, cancellationToken);
        var last = marks.Count == 0 ? null : new ChangeCursor(marks[^1].UpdatedAt, marks[^1].Id);
        return new ChangePage(changed.OrderBy(s => s.UpdatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList(), last, marks.Count);
    }

    public async Task<FunnelReport> GetFunnelAsync(string workflowId, TimeSpan stuckAfter, int maxStuck = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var definition = catalog.Latest.FirstOrDefault(w => w.Id == workflowId);
        var funnel = await store.GetFunnelAsync(workflowId, RejectedOutcome, cancellationToken);
        var (total, counts, outcomes, byStatus) = funnel;
        if (definition is null && total == 0)
        {
            throw new WorkflowNotFoundException(workflowId, null);
        }

        // Definition order first (steps nobody reached yet show as zeros), then steps only older versions have.
        var byStep = counts.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        var ordered = new List<FunnelStepCounts>();
        foreach (var step in definition?.Definition.Steps ?? [])
        {
            ordered.Add(byStep.Remove(step.Id, out var found) ? found : new FunnelStepCounts(step.Id, 0, 0, 0, 0, 0, null));
        }

        ordered.AddRange(byStep.Values.OrderBy(s => s.StepId, StringComparer.Ordinal));
        var take = Math.Clamp(maxStuck, 1, 500);
        // Stuck (docs/studio.md, "What stuck means"): a faulted journey waits for an operator whatever its age (a retry, a skip, the
        // answer to a money call whose outcome is unknown), so every one is listed, in triage order: the money questions first, then
        // the other faults, each by when it faulted (the faulted index, migration 0039); the rest page by page (ListFaultedAsync).
        var faulted = await store.ListFaultedAsync(workflowId, null, take, cancellationToken);
        // Then the long waits, longest wait first (not by last change: a journey that polls while it waits changes at every poll),
        // and how many there are; the rest page by page (ListWaitingAsync, the same range of the same index, migration 0040).
        var waiting = await store.ListWaitingAsync(workflowId, time.GetUtcNow() - stuckAfter, null, take, withTotal: true, cancellationToken);
        return new FunnelReport(workflowId, total, ordered, outcomes, byStatus, [.. faulted.Items, .. waiting.Items])
        {
            StuckFaultedNext = faulted.Next,
            StuckWaitingNext = waiting.Next,
            DeferredOn = funnel.DeferredOn,
            StuckWaiting = waiting.Total ?? 0,
        };
    }

    public async Task<WaitingPage> ListWaitingAsync(
        string workflowId, TimeSpan stuckAfter, WaitingCursor? after, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.ListWaitingAsync(workflowId, time.GetUtcNow() - stuckAfter, after, Math.Clamp(take, 1, 500), withTotal: false, cancellationToken);
    }

    public async Task<FaultedPage> ListFaultedAsync(string workflowId, FaultedCursor? after, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.ListFaultedAsync(workflowId, after, Math.Clamp(take, 1, 500), cancellationToken);
    }

    public async Task<JsonNode?> GetInstanceInputAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        return EngineJson.Parse(instance.InputJson);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetDefinitionVersionsAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.GetDefinitionVersionsAsync(cancellationToken);
    }

    public async Task<WorkflowInstanceSummary?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);
    }
}
