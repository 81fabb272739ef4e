using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// One journey of a bulk retry (by ids or by filter). A journey whose open incident asks the operator about a money call
/// (<see cref="OperatorDecision.ErrorKind"/>: sent, no answer, no way to look it up) is left out with
/// <c>awaits_decision</c>: a retry of it sends nothing and only raises the same question again (docs/api.md), so a batch
/// "retried" after a lender outage counted it retried while the money question stood as before (session 45's walk).
/// A single journey's retry still takes it (docs/api.md: "not a decision"); a batch is for failures that a retry cures.
/// </summary>
internal static class BulkRetry
{
    public const string AwaitsDecisionCode = "awaits_decision";

    public static async Task<WorkflowInstance> RetryAsync(IWorkflowClient client, string id, string by, string? reason, CancellationToken cancellationToken)
    {
        var journey = await client.GetInstanceAsync(id, cancellationToken);
        if (journey.Incident is { ResolvedAt: null, ErrorKind: OperatorDecision.ErrorKind } incident)
        {
            throw new AwaitsDecisionException(id, incident.StepId);
        }

        return await client.RetryIncidentAsync(id, by, reason, cancellationToken);
    }

    /// <summary>Reported in the journey's bulk result (<c>ok: false</c>, <c>code: awaits_decision</c>); never thrown to a handler.</summary>
    private sealed class AwaitsDecisionException(string instanceId, string stepId) : WorkflowEngineException(AwaitsDecisionCode,
        $"Not retried: journey '{instanceId}' waits for an operator's answer about the money call of step '{stepId}', sent with no answer back. " +
        "A retry sends nothing and asks again; answer it on the journey with confirm-sent or confirm-not-sent.");
}
