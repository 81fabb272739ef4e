namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>What happened to one outbound message (readable at <c>GET /sandbox/outbound</c>).</summary>
internal sealed record OutboundDelivery(string Kind, string Url, int Attempts, int LastStatus, bool Delivered);
