namespace LoanJourney.Engine.Errors;

/// <summary>
/// A journey whose stored payloads (input, outputs, a pending stimulus) this node cannot decrypt: a key missing from the
/// node's Data Protection key ring (<c>Server:DataProtectionKeysPath</c>), or a damaged value. The node itself may be
/// fine (<see cref="PayloadKeysMismatchException"/> is the node-wide case, found at start-up): reading this one journey
/// answers HTTP 503 with this message, and the dispatcher faults it with an incident of kind <see cref="IncidentKind"/>
/// instead of running it, so that an operator sees it and retries once the keys are in place.
/// </summary>
public sealed class InstanceUnreadableException(string instanceId, Exception inner)
    : WorkflowEngineException("payload_unreadable",
        $"Instance '{instanceId}': its stored payloads cannot be decrypted with this node's Data Protection keys " +
        "(Server:DataProtectionKeysPath): a key missing from the key ring, or a damaged value. Put the keys it was written " +
        $"with in place, then retry; if they are lost for good, an Admin can abandon it (POST /api/instances/{instanceId}/abandon). " +
        $"({inner.GetBaseException().Message})", inner)
{
    /// <summary>The incidents' <c>errorKind</c> of a journey the dispatcher could not decrypt.</summary>
    public const string IncidentKind = "payload_unreadable";

    /// <summary>The journey that could not be read.</summary>
    public string InstanceId { get; } = instanceId;
}
