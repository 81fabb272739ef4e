using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task<AbandonResult> AbandonAsync(string instanceId, string reason, string by, bool intentsReconciled, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await initializer.EnsureInitializedAsync(cancellationToken);
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

        var intents = await store.GetOpenIntentsAsync(instanceId, cancellationToken);
        if (intents.Count > 0 && !intentsReconciled)
        {
            throw new UnresolvedIntentException(instanceId, intents,
                "the journey can never learn its outcome: reconcile it with the lender, then abandon with \"intentsReconciled\": true.");
        }

        if (!await store.AbandonAsync(instanceId, reason, by, time.GetUtcNow(), cancellationToken))
        {
            throw new InvalidInstanceStateException(instanceId, "abandon", (await SummaryAsync(instanceId, cancellationToken)).Status.ToString());
        }

        parked.Expedite(instanceId); // a node parked on its short timer drops it (it finds it Cancelled)
        return new AbandonResult(await SummaryAsync(instanceId, cancellationToken), intents);
    }

    private async Task<WorkflowInstanceSummary> SummaryAsync(string instanceId, CancellationToken cancellationToken) =>
        await store.GetSummariesAsync([instanceId], cancellationToken) is [var summary, ..] ? summary : throw new InstanceNotFoundException(instanceId);
}
