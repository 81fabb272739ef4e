using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    // Migration 0043 (session 53): the FinBox keys stored before it hold the customer id hashed (PostgreSQL by its sha256) to
    // the value the engine stores (InboxKeys.Stored), and a journey waiting across the upgrade still gets its event.
    [Fact]
    public Task Migration0043_HashesTheCustomerIdInTheFinBoxKeysAlreadyStored() =>
        UpgradedAsync(42, InboxKeysAsSent, (upgraded, raw) => AssertInboxKeysHashedAsync(upgraded, raw));

    /// <summary>
    /// Before migration 0043 (session 53): a journey waiting for a FinBox event, an event buffered for another customer, a
    /// partner handshake's buffered answer and a redacted record, with their keys as the engine stored them then.
    /// </summary>
    protected const string InboxKeysAsSent =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, partner, input_json, variables_json, outputs_json, history_json, current_step, attempt, version, created_at, updated_at) VALUES " +
        "('w1', 'wf', 1, 'Waiting', NULL, NULL, NULL, NULL, '{}', '{}', '{}', '[]', 'wait', 1, 1, 1, 1);" +
        "INSERT INTO bookmarks (id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at) VALUES " +
        "('b1', 'w1', 'wait', 'Webhook', 'eligibility', 'finbox:CUST-MIG-8:eligibility_calculated', NULL, 0, 1);" +
        "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at, consumed_by, consumed_at) VALUES " +
        "('e1', 'finbox:CUST-MIG-9:loan_disbursed', NULL, 1, NULL, NULL), " +
        "('e2', 'partner-handshake:hs-w1', NULL, 2, NULL, NULL), " +
        "('e3', 'redacted', NULL, 3, 'expired', 3)";

    /// <summary>After migration 0043: the FinBox keys hold the customer id hashed, the others are as they were, and both meet.</summary>
    protected static async Task AssertInboxKeysHashedAsync(IWorkflowStore store, Func<string, Task<List<string?>>> column)
    {
        Assert.Equal(
            [InboxKeys.Stored("finbox:CUST-MIG-9:loan_disbursed"), "partner-handshake:hs-w1", "redacted"],
            await column("SELECT key FROM webhook_inbox ORDER BY event_id"));
        Assert.Equal("finbox:" + PrivacyHash.Of("CUST-MIG-9") + ":loan_disbursed", InboxKeys.Stored("finbox:CUST-MIG-9:loan_disbursed"));
        Assert.Equal([InboxKeys.Stored("finbox:CUST-MIG-8:eligibility_calculated")], await column("SELECT key FROM bookmarks"));

        // The journey waiting across the upgrade gets its event, delivered under the key the engine stores now.
        var routed = await store.DeliverWebhookAsync("e4", InboxKeys.Stored("finbox:CUST-MIG-8:eligibility_calculated"), null, null, DateTimeOffset.UnixEpoch.AddDays(1), default);
        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "w1"), routed);
    }
}
