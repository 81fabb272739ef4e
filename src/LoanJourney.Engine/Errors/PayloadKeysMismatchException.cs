namespace LoanJourney.Engine.Errors;

/// <summary>
/// The journeys in the database were encrypted with payload keys this node does not have (the server's Data Protection
/// key ring, <c>Server:DataProtectionKeysPath</c>): a node that joined with its own keys, or a database restored without
/// the keys it was written with. The engine initializes no further: the node claims no work, and every client call
/// answers this error, until it can read them (HTTP 503).
/// </summary>
public sealed class PayloadKeysMismatchException(string instanceId, Exception inner)
    : WorkflowEngineException("payload_keys_mismatch",
        $"This node cannot decrypt the journeys in its database: instance '{instanceId}' was encrypted with a key this node's " +
        "key ring does not have. Every node of one database must share the same Data Protection keys " +
        "(Server:DataProtectionKeysPath), and a restored database needs the keys it was written with. " +
        $"This node takes no work until it can read them. ({inner.Message})")
{
    /// <summary>The newest journey, whose stored payloads were read to check the keys.</summary>
    public string InstanceId { get; } = instanceId;
}
