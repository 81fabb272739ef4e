using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<AbandonResult> PreviewAbandonAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var (summary, intents) = await CheckAbandonableAsync(instanceId, cancellationToken);
        return new AbandonResult(summary, summary.CurrentStepId, intents, await CompensationsNotRunAsync(summary, cancellationToken));
    }

    public async Task<AbandonResult> AbandonAsync(string instanceId, string reason, string by, bool intentsReconciled, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var (summary, intents) = await CheckAbandonableAsync(instanceId, cancellationToken);
        if (intents.Count > 0 && !intentsReconciled)
        {
            throw new UnresolvedIntentException(instanceId, intents,
                "the journey can never learn its outcome: reconcile it with the lender, then abandon with \"intentsReconciled\": true.");
        }

        var notRun = await CompensationsNotRunAsync(summary, cancellationToken);
        var now = time.GetUtcNow();
        var entry = new JournalRecord(0, instanceId, now, JournalKinds.InstanceAbandoned, null, null, new JsonObject
        {
            ["reason"] = reason,
            ["by"] = by,
            ["atStep"] = summary.CurrentStepId,
            ["compensationsNotRun"] = new JsonArray(notRun.Select(c => (JsonNode)new JsonObject
            {
                ["stepId"] = c.StepId, ["activity"] = c.Activity, ["inThisBuild"] = c.InThisBuild,
            }).ToArray()),
            ["unresolvedIntents"] = new JsonArray(intents.Select(i => (JsonNode)new JsonObject { ["key"] = i.Key, ["stepId"] = i.StepId }).ToArray()),
        }.ToJsonString());
        if (!await store.AbandonAsync(instanceId, entry, now, cancellationToken))
        {
            throw new InvalidInstanceStateException(instanceId, "abandon", (await SummaryAsync(instanceId, cancellationToken)).Status.ToString());
        }

        telemetry.JourneyCompleted(summary.WorkflowId, summary.WorkflowVersion, "abandoned");
        parked.Expedite(instanceId); // a node parked on its short timer drops it (it finds it Cancelled)
        return new AbandonResult(await SummaryAsync(instanceId, cancellationToken), summary.CurrentStepId, intents, notRun);
    }

    // Abandon is only for an unfinished journey this node cannot decrypt; its open intents are answered, for the caller to decide.
    private async Task<(WorkflowInstanceSummary Summary, IReadOnlyList<IntentRecord> Intents)> CheckAbandonableAsync(string instanceId, CancellationToken cancellationToken)
    {
        var summary = await SummaryAsync(instanceId, cancellationToken);
        if (summary.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            throw new InvalidInstanceStateException(instanceId, "abandon", summary.Status.ToString());
        }

        try
        {
            await store.GetInstanceAsync(instanceId, cancellationToken);
            throw new InstanceReadableException(instanceId);
        }
        catch (InstanceUnreadableException)
        {
            // The one case abandon is for.
        }

        return (summary, await store.GetOpenIntentsAsync(instanceId, cancellationToken));
    }

    // What a cancel would have compensated (WorkflowRunner.CompensateAsync: completed steps of the journey's version that
    // declare a compensation, not compensated yet), read from the journal, which is not encrypted: the instance row cannot
    // be read as a whole (its input and outputs can not be decrypted), so its history is out of reach here. The version is
    // read as published, not compiled: a journey no node can decrypt on a version this build no longer loads (an activity
    // removed since) is exactly the one nothing else can close, and the published JSON names every compensation all the same.
    private async Task<IReadOnlyList<SkippedCompensation>> CompensationsNotRunAsync(WorkflowInstanceSummary summary, CancellationToken cancellationToken)
    {
        var steps = await catalog.GetPublishedStepsAsync(summary.WorkflowId, summary.WorkflowVersion, cancellationToken);
        var completed = new List<string>();
        var compensated = new HashSet<string>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += JournalPage)
        {
            var page = await store.ReadJournalAsync(summary.Id, skip, JournalPage, cancellationToken);
            foreach (var e in page.Items.Where(e => e.StepId is not null))
            {
                if (e.Kind == JournalKinds.StepCompleted && !completed.Contains(e.StepId!, StringComparer.Ordinal))
                {
                    completed.Add(e.StepId!);
                }
                else if (e.Kind == JournalKinds.CompensationCompleted)
                {
                    compensated.Add(e.StepId!);
                }
            }

            if (page.Items.Count < JournalPage)
            {
                break;
            }
        }

        return completed
            .Where(id => !compensated.Contains(id))
            .Select(id => steps.GetValueOrDefault(id))
            .OfType<PublishedStep>()
            .Where(step => step.Definition.Compensation is not null)
            .Reverse() // latest first, the order a cancel runs them in
            .Select(step => new SkippedCompensation(step.Definition.Id, step.Definition.Compensation!.Activity, step.CompensationDescriptor is not null))
            .ToList();
    }

    private const int JournalPage = 1000;

    private async Task<WorkflowInstanceSummary> SummaryAsync(string instanceId, CancellationToken cancellationToken) =>
        await store.GetSummariesAsync([instanceId], cancellationToken) is [var summary, ..] ? summary : throw new InstanceNotFoundException(instanceId);
}
