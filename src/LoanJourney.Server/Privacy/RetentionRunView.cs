namespace LoanJourney.Server.Privacy;

/// <summary>One retention batch as <c>GET /api/retention</c> lists it; <c>Oldest</c> and <c>Newest</c> only for the trail's own (<c>AuditTrail</c>).</summary>
internal sealed record RetentionRunView(DateTimeOffset At, string Kind, int Count, IReadOnlyList<string> InstanceIds, DateTimeOffset? Oldest = null, DateTimeOffset? Newest = null);
