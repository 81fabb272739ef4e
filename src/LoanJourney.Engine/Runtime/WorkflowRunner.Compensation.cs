using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

using LoanJourney.Engine.Telemetry;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowRunner
{
    // One compensation per transaction, latest completed step first; then the instance is Cancelled.
    private async Task<bool> CompensateAsync(CompiledWorkflow workflow, RunState run, LeaseFence fence, CancellationToken cancellationToken)
    {
        var state = run.State;
        var history = EngineJson.ReadHistory(state.HistoryJson);
        var candidate = history
            .Select((entry, index) => (Entry: entry, Index: index))
            .Where(x => x.Entry.Status == StepStatuses.Completed && !x.Entry.Compensated && !x.Entry.CompensationSkipped
                && workflow.Steps.TryGetValue(x.Entry.StepId, out var s) && s.Definition.Compensation is not null)
            .OrderByDescending(x => x.Entry.FinishedAt)
            .ThenByDescending(x => x.Index)
            .FirstOrDefault();

        if (candidate.Entry is null)
        {
            var now = time.GetUtcNow();
            var cancelled = state with
            {
                Status = WorkflowStatus.Cancelled,
                CurrentStepId = null,
                StepStateJson = null,
                PendingStimulusJson = null,
                ReadyAt = null,
            };
            var more = await CommitAsync(run, cancelled, new InstanceCommit
            {
                State = cancelled,
                ExpectedVersion = state.Version,
                Previous = state,
                Fence = fence,
                ReleaseLease = true,
                DeleteBookmarks = true,
                ResolveIncidents = "cancelled",
                Journal = [Journal(state, now, JournalKinds.InstanceCancelled, null, null, (JsonNode?)null)],
                Now = now,
            }, cancellationToken);
            telemetry.JourneyCompleted(state.WorkflowId, state.WorkflowVersion, "cancelled");
            return more;
        }

        var step = workflow.GetStep(candidate.Entry.StepId);
        var compensation = step.Definition.Compensation!;
        var invocation = await InvokeAsync(step.CompensationDescriptor!, compensation.Inputs, step.Id, state with { StepStateJson = DecisionOnly(state.StepStateJson) }, null, fence, step.Timeout, compensating: true, run.Parsed, run.Renewal, cancellationToken);
        var at = time.GetUtcNow();
        var journal = invocation.Entries.Select(e => Journal(state, e.At, e.Kind, step.Id, null, e.Data)).ToList();
        if (invocation.Result is ActivityResult.Completed or ActivityResult.Ended)
        {
            history[candidate.Index] = candidate.Entry with { Compensated = true };
            journal.Add(Journal(state, at, JournalKinds.CompensationCompleted, step.Id, null, new JsonObject { ["activity"] = compensation.Activity }));
            var next = state with { HistoryJson = EngineJson.WriteHistory(history), VariablesJson = invocation.Variables?.ToJsonString() ?? state.VariablesJson, ReadyAt = at, StepStateJson = null };
            return await CommitAsync(run, next, new InstanceCommit
            {
                State = next,
                ExpectedVersion = state.Version,
                Previous = state,
                Fence = fence,
                LeaseExpiresAt = at + options.LeaseDuration,
                Journal = journal,
                Now = at,
            }, cancellationToken);
        }

        var (kind, message) = invocation.Result is ActivityResult.Failed f
            ? (f.ErrorKind, f.Message)
            : ("CompensationSuspended", "A compensation activity may not suspend.");
        var incident = new IncidentRecord(NewId(), state.Id, step.Id, kind, $"Compensation failed: {message}", 1,
            (invocation.Result as ActivityResult.Failed)?.Details?.ToJsonString(), at, null, null);
        journal.Add(Journal(state, at, JournalKinds.CompensationFailed, step.Id, null, new JsonObject { ["activity"] = compensation.Activity, ["errorKind"] = kind, ["message"] = message }));
        journal.Add(Journal(state, at, JournalKinds.IncidentRaised, step.Id, null, new JsonObject { ["incidentId"] = incident.Id, ["errorKind"] = kind, ["compensation"] = true }));
        EngineLog.IncidentRaised(logger, state.Id, step.Id, 1, kind);
        var faulted = state with { Status = WorkflowStatus.Faulted, ReadyAt = null };
        return await CommitAsync(run, faulted, new InstanceCommit
        {
            State = faulted,
            ExpectedVersion = state.Version,
            Previous = state,
            Fence = fence,
            ReleaseLease = true,
            Journal = journal,
            NewIncident = incident,
            Now = at,
        }, cancellationToken);
    }

    // A compensation starts from empty state, except for an operator's decision about its own outcome-unknown incident.
    private static string? DecisionOnly(string? stepStateJson) =>
        EngineJson.ParseObject(stepStateJson)[OperatorDecision.StateKey] is { } decision
            ? new JsonObject { [OperatorDecision.StateKey] = decision.DeepClone() }.ToJsonString()
            : null;
}
