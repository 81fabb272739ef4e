namespace LoanJourney.Sandbox.Control;

/// <summary>Body and answer of <c>/sandbox/outbound/hold</c>: whether deliveries are held, and how many messages are queued.</summary>
internal sealed record OutboundHold(bool Hold, int Pending = 0);
