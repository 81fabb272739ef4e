using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Audit;

internal sealed record AuditEntryView(long Seq, DateTimeOffset At, string Principal, string Action, string? WorkflowId, string? InstanceId, string? Reason, JsonNode? Data,
    string? ClientAddress, string? AuthMethod, string? AuthId, string? UserAgent)
{
    /// <summary>An entry as the list and the export show it: the values the trail holds (already masked), data as JSON.</summary>
    public static AuditEntryView Of(AuditEntry e) =>
        new(e.Seq, e.At, e.Principal, e.Action, e.WorkflowId, e.InstanceId, e.Reason, e.DataJson is null ? null : JsonNode.Parse(e.DataJson),
            e.ClientAddress, e.AuthMethod, e.AuthId, e.UserAgent);
}
