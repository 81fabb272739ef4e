using LoanJourney.Sandbox.FinBoxV1;
using LoanJourney.Sandbox.Infrastructure;

namespace LoanJourney.Sandbox;

/// <summary>
/// In-process: whether this sandbox still has a webhook to post about a borrower or a handshake (docs/sandbox.md, "Webhooks still
/// to come"), so that a host's draft test run stops waiting for one as soon as none is coming. A webhook is still to come while one
/// is in the outbox (queued, delayed or being delivered: a FinBox v1 event, a partner's asynchronous handshake answer) or while a
/// v1 borrower's journey is started and unfinished with <c>Sandbox:WebhookAutoAdvance</c> on (its next stage posts one).
/// </summary>
public sealed class SandboxWebhookOutlook
{
    private readonly FinBoxV1Store _v1;
    private readonly V1Journeys _journeys;
    private readonly OutboundQueue _outbound;

    internal SandboxWebhookOutlook(FinBoxV1Store v1, V1Journeys journeys, OutboundQueue outbound) =>
        (_v1, _journeys, _outbound) = (v1, journeys, outbound);

    /// <summary>
    /// Whether a webhook is still to come about a FinBox v1 borrower whose customer id ends with <paramref name="customerIdSuffix"/>
    /// (a test run's tag: never empty) or for the handshake <paramref name="handshakeId"/> (when given).
    /// </summary>
    public bool AnyToCome(string customerIdSuffix, string? handshakeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerIdSuffix);
        bool Borrower(string customerId) => customerId.EndsWith(customerIdSuffix, StringComparison.Ordinal);

        // Under the v1 gate: a stage is recorded and its webhook queued in one step (V1Journeys.Advance), so a journey seen
        // finished has its last webhook in the outbox, and one seen unfinished will queue one.
        lock (_v1.Gate)
        {
            return _v1.Users.Values.Any(u => Borrower(u.CustomerId) && _journeys.WillPost(u))
                || _outbound.AnyPending(m => Borrower(m.OrderingKey) || (handshakeId is not null && m.OrderingKey == handshakeId));
        }
    }
}
