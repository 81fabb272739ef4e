using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// Starts a child journey (e.g. the loan journey after a partner handshake) and waits for it to end. The start uses an
/// idempotency key derived from this instance and step, so a re-run never starts a second child; the child is
/// the parent's partner's journey too (<see cref="ActivityContext.Partner"/>), its key in that partner's namespace. The wait polls the
/// child every <c>Engine:PollInterval</c> (the child id is in the durable step state); each poll copies the child's
/// partner-facing variables (session URL, token, UTR …) onto this instance so the partner can follow the parent alone.
/// A completion event from the engine would replace the polling later.
/// </summary>
[Activity("Journey.RunChild", Description = "Start a child journey (idempotent) and wait until it ends; mirror its partner-facing variables.", IsWait = true,
    Outcomes = ["Completed", "Cancelled"], Outputs = ["instanceId", "outcome", "tokenShared"], JourneyOutcomeOutput = "outcome")]
[ActivityInput("workflowId", ActivityValueType.String, Description = "The child workflow id, e.g. finbox-personal-loan.")]
[ActivityInput("defaultWorkflowId", ActivityValueType.String, Description = "Used when workflowId resolves to nothing.")]
[ActivityInput("input", ActivityValueType.Object, Required = true, Description = "The child's start input.")]
[ActivityInput("merge", ActivityValueType.Object, Description = "Merged into the input (objects deeply), e.g. the verified partner reference.")]
[ActivityInput("correlationId", ActivityValueType.String, Description = "Correlation id of the child (default: this instance's).")]
public sealed class RunChildJourneyActivity(IWorkflowClient workflows, JourneyOptions options, ILogger<RunChildJourneyActivity> logger) : Activity
{
    private const string ChildKey = "childId";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workflowId = context.GetOptionalString("workflowId") ?? context.GetOptionalString("defaultWorkflowId")
            ?? throw new ActivityInputException("workflowId", "Input 'workflowId' (or 'defaultWorkflowId') is required.");
        var input = context.GetInput("input")?.DeepClone() as JsonObject ?? [];
        if (context.GetInput("merge") is JsonObject merge)
        {
            Merge(input, merge);
        }

        // The child is the parent's partner's journey (docs/server.md, "Partner scope"): without it the partner that started
        // the handshake got 404 for the loan journey it was sent to. Its key lives in that partner's namespace, as the API's do.
        var child = await workflows.StartAsync(
            workflowId,
            input,
            new StartOptions
            {
                IdempotencyKey = IdempotencyKeys.Stored(context.Partner, $"child:{context.InstanceId}:{context.StepId}"),
                CorrelationId = context.GetOptionalString("correlationId") ?? context.CorrelationId,
                Partner = context.Partner,
            },
            context.CancellationToken);
        context.State[ChildKey] = child.Id;
        ActivityLog.ChildStarted(logger, context.InstanceId, child.Id, workflowId);
        context.SetVariable("childInstanceId", child.Id);
        return Check(context, child, onlyRead: false);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        var childId = context.State[ChildKey]!.GetValue<string>();
        return Check(context, await workflows.GetInstanceAsync(childId, context.CancellationToken), onlyRead: true);
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    // onlyRead: a resumption that only read the child (a poll), which the engine may leave for the next commit if nothing changed.
    private ActivityResult Check(ActivityContext context, WorkflowInstance child, bool onlyRead)
    {
        foreach (var name in JourneyVariables.PartnerFacing)
        {
            if (child.Variables[name] is { } value)
            {
                context.SetVariable(name, value);
            }
        }

        var output = new JsonObject
        {
            ["instanceId"] = child.Id,
            ["outcome"] = child.Outcome,
            ["tokenShared"] = child.Variables[JourneyVariables.TokenShared]?.DeepClone(),
        };
        return child.Status switch
        {
            WorkflowStatus.Completed => ActivityResult.Complete("Completed", output),
            WorkflowStatus.Cancelled => ActivityResult.Complete("Cancelled", output),
            _ => onlyRead ? LenderResultMapping.PollAgain(context, options.PollInterval) : LenderResultMapping.Poll(context, options.PollInterval),
        };
    }
}
