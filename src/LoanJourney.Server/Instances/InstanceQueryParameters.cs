using LoanJourney.Engine.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using static LoanJourney.Server.OpenApi.QueryParameters;

namespace LoanJourney.Server.Instances;

/// <summary>
/// The queries of <c>GET /api/instances</c> and of a journey's journal in the OpenAPI document, with the ranges and
/// defaults <see cref="InstanceQueryParser"/> and the journal's handler apply (they read the query themselves: see
/// <see cref="OpenApi.QueryParameters"/>).
/// </summary>
internal static class InstanceQueryParameters
{
    public const int ListDefaultTake = 50;
    public const int ListMaxTake = 500;
    public const int JournalDefaultTake = 200;
    public const int JournalMaxTake = 1000;

    /// <summary>
    /// The largest <c>waitingLongerThan</c>: a hundred years of 365 days, in seconds. Far beyond any journey, and a bound
    /// subtracted from now stays a time (1e11 seconds went below year 1 and answered 500).
    /// </summary>
    public const double WaitingLongerThanMax = 3_153_600_000;

    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> List { get; } = Describe(() =>
    [
        Text("workflowId", "Journeys of this workflow (exact)."),
        Integer("version", "Journeys on this version of the workflow.", 1),
        AnyOf("status", "Journeys in any of these statuses (repeat it, or separate with commas); matched whatever its case.", Enum.GetNames<WorkflowStatus>()),
        Text("outcome", "Journeys that ended with this outcome; matched whatever its case."),
        Text("correlationId", "Journeys with this correlation (customer) id (exact)."),
        Text("partner", "Journeys of this partner (partnerName, exact): the ones its scoped principals started. A partner-scoped principal may name only its own."),
        Flag("hasPartner", "Journeys of some partner (true) or the team's own, started by no partner (false). Not with partner when false; a partner-scoped principal may not send false."),
        Time("createdFrom", "Journeys created at or after this time (ISO-8601)."),
        Time("createdTo", "Journeys created before this time (ISO-8601)."),
        Time("updatedFrom", "Journeys last changed at or after this time (ISO-8601)."),
        Time("updatedTo", "Journeys last changed before this time (ISO-8601)."),
        Flag("hasIncident", "Journeys with (true) or without (false) an open incident."),
        Text("incidentKind", "Journeys whose open incident has this errorKind (exact, e.g. LenderUnavailable or OutcomeUnknown)."),
        Text("deferredOn", "Journeys whose step waits out this lender API's open circuit breaker (deferred: no attempt spent, no incident), the API as its settings section under Lenders: names it (FinBoxPrism, CapitalFloat, Partners:acme); 'any' for every such journey. A name neither configured nor waited on by any journey is a 400 listing the known names."),
        Number("waitingLongerThan", "Journeys waiting for longer than this many seconds (at most a hundred years).", 0, WaitingLongerThanMax),
        OneOf("sort", "The time the list is ordered by.", ["createdAt", "updatedAt"], "createdAt"),
        OneOf("order", "Newest first (desc) or oldest first (asc).", ["desc", "asc"], "desc"),
        Integer("skip", "Journeys to leave out before the page (after is cheaper on a long list).", 0, null, 0),
        Integer("take", "Journeys in the page.", 1, ListMaxTake, ListDefaultTake),
        Text("after", "The 'next' of the previous page, with the same filters, sort and order: the page after it (keyset paging)."),
    ]);

    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Journal { get; } = Describe(() =>
    [
        Integer("skip", "Entries to leave out before the page, oldest first.", 0, null, 0),
        Integer("take", "Entries in the page.", 1, JournalMaxTake, JournalDefaultTake),
    ]);
}
