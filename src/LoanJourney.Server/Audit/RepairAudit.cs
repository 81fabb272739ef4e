using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Audit;

/// <summary>
/// What a repair's audit entry says it acted on (<c>retry</c>, <c>skip</c>, <c>confirm-sent</c>, <c>confirm-not-sent</c>,
/// <c>bulk-retry</c>, the <c>cancel</c> a confirm-not-sent "then cancel" makes, and a faulted journey's <c>cancel</c> —
/// plain, bulk or an erasure's): the step (<c>stepId</c>), the incident's
/// kind (<c>incidentKind</c>, its <c>errorKind</c>) and id (<c>incidentId</c>), beside the action's own fields. Read from
/// <see cref="WorkflowInstance.AnsweredIncident"/>, the incident the engine answered in the same commit. Before session 45's
/// audit an entry named the journey only, and <c>confirm-not-sent</c> resending recorded no data at all (docs/api.md, "Audit").
/// </summary>
internal static class RepairAudit
{
    public static JsonObject Data(WorkflowInstance answered, JsonObject? own = null)
    {
        var data = new JsonObject();
        if (answered.AnsweredIncident is { } incident)
        {
            data["stepId"] = incident.StepId;
            data["incidentKind"] = incident.ErrorKind;
            data["incidentId"] = incident.Id;
        }

        foreach (var (key, value) in own ?? [])
        {
            data[key] = value?.DeepClone();
        }

        return data;
    }
}
