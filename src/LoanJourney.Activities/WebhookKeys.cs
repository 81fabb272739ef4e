namespace LoanJourney.Activities;

/// <summary>
/// The bookmark keys that connect an inbound webhook to the journey waiting for it. The server's webhook endpoints
/// derive the key from the payload with these methods, and the activities suspend on the same keys, so both sides
/// agree by construction.
/// </summary>
public static class WebhookKeys
{
    /// <summary>A FinBox Sourcing v1 event for one customer, e.g. <c>finbox:CUST-1:loan_disbursed</c>.</summary>
    public static string FinBoxEvent(string customerId, string eventType) => $"finbox:{customerId}:{eventType}";

    /// <summary>The asynchronous answer to a partner handshake (status 2), keyed by our handshake id.</summary>
    public static string PartnerHandshake(string handshakeId) => $"partner-handshake:{handshakeId}";
}
