using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<WorkflowInstance> RetryIncidentAsync(string instanceId, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        var (instance, incident) = await LoadFaultedAsync(instanceId, cancellationToken);
        var now = time.GetUtcNow();
        var history = EngineJson.ReadHistory(instance.HistoryJson);
        var last = history.FindLastIndex(e => e.StepId == incident.StepId && e.Status == StepStatuses.Faulted);
        if (last >= 0 && !instance.CancelRequested)
        {
            history[last] = history[last] with { Status = StepStatuses.Retrying, FinishedAt = null };
        }

        var next = instance with { Status = WorkflowStatus.Running, Attempt = 1, ReadyAt = now, HistoryJson = EngineJson.WriteHistory(history) };
        await store.CommitAsync(new InstanceCommit
        {
            State = next,
            ExpectedVersion = instance.Version,
            Previous = instance,
            ResolveIncidents = "retried",
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.IncidentRetried, incident.StepId, null, new JsonObject { ["incidentId"] = incident.Id, ["by"] = by, ["reason"] = reason }.ToJsonString())],
            Now = now,
        }, cancellationToken);
        wakeup.Set();
        return await GetInstanceAsync(instanceId, cancellationToken);
    }

    public async Task<WorkflowInstance> DecideOutcomeAsync(string instanceId, bool sent, string? reference, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (sent)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        }

        var (instance, incident) = await LoadFaultedAsync(instanceId, cancellationToken);
        if (incident.ErrorKind != OperatorDecision.ErrorKind)
        {
            throw new InvalidInstanceStateException(instanceId, "decide the outcome of", instance.Status.ToString(), $"faulted with {incident.ErrorKind}, not {OperatorDecision.ErrorKind}");
        }

        // "Not sent" would send again a request the lender said it already took: at best the same answer again, at worst a
        // second disbursal once its deduplication has lapsed. The way forward is the reference (confirm-sent).
        if (!sent && (await store.GetOpenIntentsAsync(instance.Id, cancellationToken)).FirstOrDefault(i => i.StepId == incident.StepId && i.KnownTaken) is { } taken)
        {
            throw new InvalidInstanceStateException(instanceId, "confirm-not-sent",
                $"faulted on a request the lender said it already took ({taken.TakenAnswer}): confirm-sent with the lender's reference instead");
        }

        var now = time.GetUtcNow();
        var decision = new OperatorDecision(incident.Id, sent, sent ? reference : null, now).ToJson();
        var stepState = EngineJson.ParseObject(instance.StepStateJson);
        stepState[OperatorDecision.StateKey] = decision.DeepClone();
        var history = EngineJson.ReadHistory(instance.HistoryJson);
        var last = history.FindLastIndex(e => e.StepId == incident.StepId && e.Status == StepStatuses.Faulted);
        if (last >= 0 && !instance.CancelRequested)
        {
            history[last] = history[last] with { Status = StepStatuses.Retrying, FinishedAt = null };
        }

        var next = instance with
        {
            Status = WorkflowStatus.Running,
            Attempt = 1,
            ReadyAt = now,
            StepStateJson = stepState.ToJsonString(),
            HistoryJson = EngineJson.WriteHistory(history),
        };
        await store.CommitAsync(new InstanceCommit
        {
            State = next,
            ExpectedVersion = instance.Version,
            Previous = instance,
            ResolveIncidents = sent ? "decided:sent" : "decided:not-sent",
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.OutcomeDecided, incident.StepId, null,
                new JsonObject { ["incidentId"] = incident.Id, ["decision"] = decision, ["by"] = by, ["reason"] = reason }.ToJsonString())],
            Now = now,
        }, cancellationToken);
        wakeup.Set();
        return await GetInstanceAsync(instanceId, cancellationToken);
    }

    public async Task<WorkflowInstance> SkipIncidentAsync(string instanceId, string outcome, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        var (instance, incident) = await LoadFaultedAsync(instanceId, cancellationToken);
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        var step = workflow.GetStep(incident.StepId);
        var now = time.GetUtcNow();
        var history = EngineJson.ReadHistory(instance.HistoryJson);
        InstanceRecord next;
        if (instance.CancelRequested)
        {
            // A failed compensation: skipping it counts it as done and the cancellation goes on.
            var index = history.FindLastIndex(e => e.StepId == step.Id && e.Status == StepStatuses.Completed && !e.Compensated);
            if (index >= 0)
            {
                history[index] = history[index] with { Compensated = true };
            }

            next = instance with { Status = WorkflowStatus.Running, ReadyAt = now };
        }
        else
        {
            // A money call whose outcome is unknown is answered, not skipped: a skip would leave its intent unanswered
            // (every later alteration refused) and go on as if the money had moved, or had not, on nobody's word.
            if (incident.ErrorKind == OperatorDecision.ErrorKind)
            {
                throw new InvalidInstanceStateException(instanceId, "skip", instance.Status.ToString(),
                    $"faulted with {OperatorDecision.ErrorKind}: answer it with confirm-sent or confirm-not-sent, or cancel the journey");
            }

            if (!step.Outcomes.Contains(outcome))
            {
                throw new UnknownOutcomeException(instanceId, step.Id, outcome, step.Outcomes.Order(StringComparer.Ordinal).ToArray());
            }

            var index = history.FindLastIndex(e => e.StepId == step.Id);
            if (index >= 0)
            {
                history[index] = history[index] with { Status = StepStatuses.Skipped, Outcome = outcome, FinishedAt = now };
            }

            var target = step.NextFor(outcome);
            next = instance with
            {
                Status = target is null ? WorkflowStatus.Completed : WorkflowStatus.Running,
                CurrentStepId = target,
                Attempt = 1,
                StepStateJson = null,
                ReadyAt = target is null ? null : now,
            };
        }

        next = next with { HistoryJson = EngineJson.WriteHistory(history) };
        await store.CommitAsync(new InstanceCommit
        {
            State = next,
            ExpectedVersion = instance.Version,
            Previous = instance,
            // The skip is the operator's answer for the step, as its completion would be: its intents are resolved (an
            // outcome-unknown one never gets here). Left open, every later alteration was refused with unresolved_intent.
            ResolveIntentsOfStep = instance.CancelRequested || !step.Descriptor.IsOnceOnly ? null : step.Id,
            ResolveIncidents = $"skipped:{outcome}",
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.IncidentSkipped, incident.StepId, null,
                new JsonObject { ["incidentId"] = incident.Id, ["outcome"] = outcome, ["by"] = by, ["reason"] = reason }.ToJsonString())],
            Now = now,
        }, cancellationToken);
        wakeup.Set();
        return await GetInstanceAsync(instanceId, cancellationToken);
    }

    private async Task<(InstanceRecord Instance, IncidentRecord Incident)> LoadFaultedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        var incident = instance.Status == WorkflowStatus.Faulted ? await store.GetOpenIncidentAsync(instance.Id, cancellationToken) : null;
        return incident is null ? throw new NoIncidentException(instanceId, instance.Status.ToString()) : (instance, incident);
    }
}
