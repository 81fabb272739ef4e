using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Audit;

/// <summary>
/// Records an operator action after it committed: one audit entry (kept when the journey is redacted; <c>GET /api/audit</c>)
/// and one log line, both naming the principal. The journal entry of the action carries <c>by</c> and <c>reason</c> too.
/// </summary>
internal sealed class AuditTrail(IWorkflowClient client, TimeProvider time, IHttpContextAccessor http, ILogger<AuditTrail> logger)
{
    public const string SystemPrincipal = "system";

    // A partner-scoped principal's entries carry its partner in data ("partner"), beside what the action recorded. Every
    // entry made in a request says from where (AuditOrigin): the client's address, the sign-in, the user agent.
    public Task RecordAsync(ClaimsPrincipal user, string action, string? workflowId, string? instanceId, string? reason, JsonObject? data = null) =>
        RecordAsync(EntryFor(user, action, workflowId, instanceId, reason, data));

    /// <summary>
    /// A start's entry, for the engine to commit with the journey it creates (<see cref="StartOptions.Audit"/>): one write,
    /// and an entry for exactly the starts that committed. The same entry <see cref="RecordAsync(ClaimsPrincipal, string, string?, string?, string?, JsonObject?)"/>
    /// would write after the start; <see cref="Recorded"/> writes its log line once the start has returned.
    /// </summary>
    public StartAuditEntry StartEntry(ClaimsPrincipal user, Action<AuditEntry> made) => (workflowId, instanceId, version) =>
    {
        var entry = EntryFor(user, AuditActions.Start, workflowId, instanceId, null, new JsonObject { ["version"] = version });
        made(entry);
        return entry;
    };

    /// <summary>The log line of an entry the engine committed with its action (<see cref="StartEntry"/>).</summary>
    public void Recorded(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ServerLog.OperatorAction(logger, entry.Action, entry.Principal, entry.InstanceId ?? "-", entry.WorkflowId ?? "-", entry.Reason is not null);
    }

    private AuditEntry EntryFor(ClaimsPrincipal user, string action, string? workflowId, string? instanceId, string? reason, JsonObject? data)
    {
        if (user.Partner() is { } partner)
        {
            data ??= [];
            data["partner"] = partner;
        }

        return AuditOrigin.From(Entry(user.Name(), action, workflowId, instanceId, reason, data), http.HttpContext, user);
    }

    /// <summary>An entry made by the server itself (no request: no address, no sign-in).</summary>
    public Task RecordAsync(string principal, string action, string? workflowId, string? instanceId, string? reason, JsonObject? data = null) =>
        RecordAsync(Entry(principal, action, workflowId, instanceId, reason, data));

    private AuditEntry Entry(string principal, string action, string? workflowId, string? instanceId, string? reason, JsonObject? data) =>
        new(0, time.GetUtcNow(), principal, action, workflowId, instanceId, reason, data?.ToJsonString());

    private async Task RecordAsync(AuditEntry entry)
    {
        // The action already happened: losing its audit row to a cancelled request would be worse than finishing the write.
        await client.RecordAuditAsync(entry, CancellationToken.None);
        Recorded(entry);
    }
}
