using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<PagedResult<WorkflowInstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.QueryInstancesAsync(await WithStoredOutcomeAsync(query, cancellationToken), cancellationToken);
    }

    public async Task<WorkflowInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        var bookmarks = await store.GetBookmarksAsync(instance.Id, cancellationToken);
        var incident = instance.Status == WorkflowStatus.Faulted ? await store.GetOpenIncidentAsync(instance.Id, cancellationToken) : null;
        return ToModel(instance, bookmarks, incident);
    }

    public async Task<InstanceDetail> GetInstanceDetailAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        var bookmarks = await store.GetBookmarksAsync(instance.Id, cancellationToken);
        var incident = instance.Status == WorkflowStatus.Faulted ? await store.GetOpenIncidentAsync(instance.Id, cancellationToken) : null;
        return new InstanceDetail(
            ToModel(instance, bookmarks, incident),
            EngineJson.Parse(instance.InputJson),
            await CancelRefusalAsync(instance, new OpenIncident(Read: true, incident), cancellationToken));
    }

    private static WorkflowInstance ToModel(InstanceRecord instance, IReadOnlyList<BookmarkRecord> bookmarks, IncidentRecord? incident) =>
        new()
        {
            Id = instance.Id,
            WorkflowId = instance.WorkflowId,
            WorkflowVersion = instance.WorkflowVersion,
            Status = instance.Status,
            Outcome = instance.Outcome,
            CorrelationId = instance.CorrelationId,
            Partner = instance.Partner,
            CurrentStepId = instance.CurrentStepId,
            Attempt = instance.Attempt,
            CancelRequested = instance.CancelRequested,
            Variables = EngineJson.ParseObject(instance.VariablesJson),
            Steps = EngineJson.ReadHistory(instance.HistoryJson),
            Bookmarks = bookmarks.Select(b => new BookmarkInfo(b.Kind, b.Name, b.Key, b.DueAt, b.Sensitive, b.StepId, b.Id)).ToList(),
            Incident = incident is null ? null : ToInfo(incident),
            CreatedAt = instance.CreatedAt,
            UpdatedAt = instance.UpdatedAt,
        };

    public async Task<PagedResult<JournalEntry>> ReadJournalAsync(string instanceId, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        // A journey whose payloads this node cannot decrypt exists (it was found), and its journal is not encrypted (masked
        // when written): the operator who investigates it can still read what happened.
        try
        {
            await LoadAsync(instanceId, cancellationToken);
        }
        catch (InstanceUnreadableException)
        {
        }

        var page = await store.ReadJournalAsync(instanceId, skip, take, cancellationToken);
        return new PagedResult<JournalEntry>(
            page.Items.Select(j => new JournalEntry(j.Sequence, j.InstanceId, j.At, j.Kind, j.StepId, j.Attempt, EngineJson.Parse(j.DataJson))).ToList(),
            page.Total);
    }

    private static IncidentInfo ToInfo(IncidentRecord incident) =>
        new(incident.Id, incident.StepId, incident.ErrorKind, incident.Message, incident.Attempts, EngineJson.Parse(incident.DetailsJson),
            incident.CreatedAt, incident.ResolvedAt, incident.Resolution);
}
