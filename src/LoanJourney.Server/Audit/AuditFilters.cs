using LoanJourney.Engine.Model;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Audit;

/// <summary>
/// The filters of the audit trail's query string → <see cref="AuditQuery"/>, every bad value named: one reading for the
/// list (<c>GET /api/audit</c>) and the export (<c>GET /api/audit/export</c>), so both select the same entries.
/// </summary>
internal static class AuditFilters
{
    /// <summary>The filters' names, in the order the OpenAPI document lists them.</summary>
    public static readonly string[] Names = ["from", "to", "principal", "action", "workflowId", "instanceId"];

    public static AuditQuery Parse(IQueryCollection q, Dictionary<string, string[]> errors)
    {
        var query = new AuditQuery
        {
            From = InstanceQueryParser.Time(q, "from", errors),
            To = InstanceQueryParser.Time(q, "to", errors),
            Principal = InstanceQueryParser.Text(q, "principal"),
            Actions = Actions(q, errors),
            WorkflowId = InstanceQueryParser.Text(q, "workflowId"),
            InstanceId = InstanceQueryParser.Text(q, "instanceId"),
        };
        if (query is { From: { } from, To: { } to } && to < from)
        {
            errors["to"] = ["Must not be before from."];
        }

        return query;
    }

    // Any of several actions, repeated (?action=publish&action=retry) or separated by commas (?action=publish,retry), as
    // the journeys list's status (session 46: "every publish and every repair in Q3" was one request per action). An
    // action the trail never records would match nothing: a typo would read as "no such actions". Refused instead,
    // naming the actions there are; matched whatever its case.
    private static List<string>? Actions(IQueryCollection q, Dictionary<string, string[]> errors)
    {
        var actions = new List<string>();
        foreach (var value in InstanceQueryParser.Values(q, "action"))
        {
            if (AuditActions.All.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                if (!actions.Contains(known, StringComparer.Ordinal))
                {
                    actions.Add(known);
                }
            }
            else
            {
                errors["action"] = [$"Unknown action '{Pii.ScrubText(value)}'; use one of {string.Join(", ", AuditActions.All)}."];
            }
        }

        return actions.Count > 0 ? actions : null;
    }
}
