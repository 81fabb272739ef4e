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

        // A money call's question is answered, not retried (the retry sent nothing and asked again). Judged on the incident
        // this retry read, and the commit below is conditional on the journey's version as read: an incident that became
        // this question since (a retry by another operator that faulted again) moved the version, so that commit fails
        // rather than retrying a question no one read. Session 46: a bulk retry read the journey first and retried it after.
        if (incident.ErrorKind == OperatorDecision.ErrorKind)
        {
            throw new AwaitsDecisionException(instanceId, incident.StepId);
        }

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
        return await GetInstanceAsync(instanceId, cancellationToken) with { AnsweredIncident = ToInfo(incident) };
    }

    public async Task<WorkflowInstance> DecideOutcomeAsync(string instanceId, bool sent, string? reference, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (sent)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        }

        var (instance, incident) = await LoadDecisionAsync(instanceId, sent ? null : "confirm-not-sent", cancellationToken);
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
        return await GetInstanceAsync(instanceId, cancellationToken) with { AnsweredIncident = ToInfo(incident) };
    }

    public async Task<WorkflowInstance> DecideNotSentAndCancelAsync(string instanceId, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        const string Operation = "confirm-not-sent and cancel";
        var (instance, incident) = await LoadDecisionAsync(instanceId, Operation, cancellationToken);
        if (instance.CancelRequested)
        {
            // The question is a compensation's: the journey is already being cancelled. Not sent → send it again.
            throw new InvalidInstanceStateException(instanceId, Operation, instance.Status.ToString(),
                "already being cancelled (the call asked about is its compensation): confirm-not-sent sends it again");
        }

        if ((await PointOfNoReturnRuleAsync(instance, cancellationToken)).Passed is { } passed)
        {
            throw new PastPointOfNoReturnException(passed);
        }

        // One commit: the decision, the call's intents resolved (it never took effect, so nothing of it is out), the incident
        // closed and the cancel flagged, as RequestCancelAsync flags a journey nobody holds. The runner then compensates.
        var now = time.GetUtcNow();
        var decision = new OperatorDecision(incident.Id, Sent: false, Reference: null, now).ToJson();
        decision["then"] = "cancel";
        await store.CommitAsync(new InstanceCommit
        {
            State = instance with { Status = WorkflowStatus.Running, ReadyAt = now, CancelRequested = true },
            ExpectedVersion = instance.Version,
            Previous = instance,
            ResolveIntentsOfStep = incident.StepId,
            ResolveIncidents = "decided:not-sent-cancel",
            Journal =
            [
                new JournalRecord(0, instance.Id, now, JournalKinds.OutcomeDecided, incident.StepId, null,
                    new JsonObject { ["incidentId"] = incident.Id, ["decision"] = decision, ["by"] = by, ["reason"] = reason }.ToJsonString()),
                JournalEntries.CancelRequested(instance.Id, now, reason, by, whileRunning: false, decision: "confirm-not-sent"),
            ],
            Now = now,
        }, cancellationToken);
        wakeup.Set();
        return await GetInstanceAsync(instanceId, cancellationToken) with { AnsweredIncident = ToInfo(incident) };
    }

    public async Task<WorkflowInstance> SkipIncidentAsync(string instanceId, string? outcome, string? by = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        var (instance, incident) = await LoadFaultedAsync(instanceId, cancellationToken);
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        var step = workflow.GetStep(incident.StepId);
        var now = time.GetUtcNow();
        var history = EngineJson.ReadHistory(instance.HistoryJson);
        InstanceRecord next;
        if (instance.CancelRequested)
        {
            // A failed compensation has no outcome to skip to: the journey is being cancelled whatever is chosen. Taking one
            // (and ignoring it) let an operator pick the step's forward outcome, "Blocked", and read it as done.
            if (outcome is not null)
            {
                throw new InvalidInstanceStateException(instanceId, $"skip to '{outcome}' in", instance.Status.ToString(),
                    $"being cancelled, and what failed is the compensation of '{step.Id}', which has no outcome: skip it without an outcome " +
                    "(recorded as not compensated, and the cancel goes on), retry it, or answer its question");
            }

            // Recorded as skipped, not compensated: what it was to undo may still stand at the lender, and the journey's
            // history must not say otherwise. The cancel goes on with the steps before it.
            var index = history.FindLastIndex(e => e.StepId == step.Id && e.Status == StepStatuses.Completed && !e.Compensated && !e.CompensationSkipped);
            if (index >= 0)
            {
                history[index] = history[index] with { CompensationSkipped = true };
            }

            next = instance with { Status = WorkflowStatus.Running, ReadyAt = now };
        }
        else if (string.IsNullOrWhiteSpace(outcome))
        {
            throw new UnknownOutcomeException(instanceId, step.Id, outcome ?? "", step.Outcomes.Order(StringComparer.Ordinal).ToArray());
        }
        else
        {
            // A money call whose outcome is unknown is answered, not skipped: a skip would leave its intent unanswered
            // (every later alteration refused) and go on as if the money had moved, or had not, on nobody's word.
            if (incident.ErrorKind == OperatorDecision.ErrorKind)
            {
                throw new InvalidInstanceStateException(instanceId, "skip", instance.Status.ToString(),
                    $"faulted with {OperatorDecision.ErrorKind}: answer it with confirm-sent or confirm-not-sent (\"then\": \"cancel\" to stop the journey)");
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
            ResolveIncidents = outcome is null ? "skipped:compensation" : $"skipped:{outcome}",
            Journal = [new JournalRecord(0, instance.Id, now, JournalKinds.IncidentSkipped, incident.StepId, null,
                new JsonObject { ["incidentId"] = incident.Id, ["outcome"] = outcome, ["compensationSkipped"] = outcome is null ? true : null, ["by"] = by, ["reason"] = reason }.ToJsonString())],
            Now = now,
        }, cancellationToken);
        wakeup.Set();
        return await GetInstanceAsync(instanceId, cancellationToken) with { AnsweredIncident = ToInfo(incident) };
    }

    /// <summary>
    /// The journey and its open outcome-unknown incident. <paramref name="notSent"/> names an answer that says the call
    /// never took effect, refused when the lender said it took it: "not sent" would send again a request the lender has (at
    /// best the same answer again, at worst a second disbursal once its deduplication has lapsed), and nobody can learn it
    /// never took effect. The way forward is the reference (confirm-sent).
    /// </summary>
    private async Task<(InstanceRecord Instance, IncidentRecord Incident)> LoadDecisionAsync(string instanceId, string? notSent, CancellationToken cancellationToken)
    {
        var (instance, incident) = await LoadFaultedAsync(instanceId, cancellationToken);
        if (incident.ErrorKind != OperatorDecision.ErrorKind)
        {
            throw new InvalidInstanceStateException(instanceId, "decide the outcome of", instance.Status.ToString(), $"faulted with {incident.ErrorKind}, not {OperatorDecision.ErrorKind}");
        }

        if (notSent is not null && (await store.GetOpenIntentsAsync(instance.Id, cancellationToken)).FirstOrDefault(i => i.StepId == incident.StepId && i.KnownTaken) is { } taken)
        {
            throw new InvalidInstanceStateException(instanceId, notSent, instance.Status.ToString(),
                $"faulted on a request the lender said it already took ({taken.TakenAnswer}): confirm-sent with the lender's reference instead");
        }

        return (instance, incident);
    }

    private async Task<(InstanceRecord Instance, IncidentRecord Incident)> LoadFaultedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        var incident = instance.Status == WorkflowStatus.Faulted ? await store.GetOpenIncidentAsync(instance.Id, cancellationToken) : null;
        return incident is null
            ? throw new NoIncidentException(instanceId, instance.Status.ToString(),
                underWay: instance.Status is WorkflowStatus.Running or WorkflowStatus.Waiting && !instance.CancelRequested)
            : (instance, incident);
    }
}
