using System.Text.Json.Nodes;

namespace LoanJourney.Server.Audit;

internal sealed record AuditEntryView(long Seq, DateTimeOffset At, string Principal, string Action, string? WorkflowId, string? InstanceId, string? Reason, JsonNode? Data);
