using System.Globalization;
using LoanJourney.Engine.Model;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Http;
using LoanJourney.Server.OpenApi;

namespace LoanJourney.Server.Instances;

/// <summary>The query string of <c>GET /api/instances</c> → <see cref="InstanceQuery"/>, every bad value named.</summary>
internal static partial class InstanceQueryParser
{
    /// <summary>The list's filters (a bulk operation's <c>filter</c> takes these and nothing else).</summary>
    public static readonly string[] Filters =
        ["workflowId", "version", "status", "outcome", "correlationId", "partner", "hasPartner", "createdFrom", "createdTo", "updatedFrom", "updatedTo", "hasIncident", "incidentKind", "deferredOn", "waitingLongerThan"];

    /// <summary>The list's order and paging.</summary>
    public static readonly string[] Paging = ["sort", "order", "skip", "take", "after"];

    // Any other parameter is a 400 naming it: a misspelt filter (?from= for createdFrom, ?customerId= for correlationId) had
    // been ignored and answered the whole list, as if nothing matched the filter the operator meant (session 36).
    private static readonly HashSet<string> Known = new([.. Filters, .. Paging], StringComparer.OrdinalIgnoreCase);

    /// <summary>Names each parameter of <paramref name="q"/> not in <paramref name="known"/>: "Unknown parameter: {takes}."</summary>
    public static void RefuseUnknown(IQueryCollection q, IReadOnlySet<string> known, string takes, Dictionary<string, string[]> errors)
    {
        foreach (var name in q.Keys.Where(name => !known.Contains(name)))
        {
            errors[name] = [$"Unknown parameter: {takes}."];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_]{1,100}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IncidentKinds();

    // A lender API as its settings section under Lenders: names it (FinBoxPrism, Partners:acme): a name, at most one ':' and a
    // partner's name after it (PartnerScope.Rule's letters).
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_]{1,100}(:[A-Za-z0-9_.-]{1,100})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DeferredOnNames();

    /// <summary><c>deferredOn</c>'s value for every deferred journey, whatever API it waits out.</summary>
    public const string AnyDeferral = "any";

    /// <summary>
    /// Every value of a parameter that takes several, repeated (<c>?status=Waiting&amp;status=Faulted</c>) or separated by commas
    /// (<c>?status=Waiting,Faulted</c>), trimmed, empty ones left out: the journeys list's <c>status</c>, the audit trail's <c>action</c>.
    /// </summary>
    public static IEnumerable<string> Values(IQueryCollection q, string name) =>
        q[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static (InstanceQuery Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection q, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        RefuseUnknown(q, Known, $"the journeys list takes {string.Join(", ", Filters)} (filters) and {string.Join(", ", Paging)}", errors);

        var statuses = new List<WorkflowStatus>();
        foreach (var value in Values(q, "status"))
        {
            if (Enum.TryParse<WorkflowStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _))
            {
                statuses.Add(status);
            }
            else
            {
                errors["status"] = [$"Unknown status '{Pii.ScrubText(value)}'; use {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."];
            }
        }

        var waitingLongerThan = Number(q, "waitingLongerThan", errors, min: 0, max: InstanceQueryParameters.WaitingLongerThanMax);
        var query = new InstanceQuery
        {
            WorkflowId = Text(q, "workflowId"),
            WorkflowVersion = OptionalInteger(q, "version", 1, int.MaxValue, errors),
            CorrelationId = Text(q, "correlationId"),
            Outcome = Text(q, "outcome"),
            // The journeys a partner's scoped principals started (session 44); a name that could be no partner's is a 400.
            Partner = Text(q, "partner") is not { } partner ? null
                : PartnerScope.Normalize(partner) ?? Error<string?>(errors, "partner", $"Not a partner name: {PartnerScope.Rule}", null),
            // The team's own journeys (false) or every partner's (true), session 44: a flag, not a reserved ?partner= value,
            // which some partner could be named (PartnerScope.Rule takes any letters).
            HasPartner = Bool(q, "hasPartner", errors),
            Statuses = statuses.Count > 0 ? statuses : null,
            CreatedFrom = Time(q, "createdFrom", errors),
            CreatedTo = Time(q, "createdTo", errors),
            UpdatedFrom = Time(q, "updatedFrom", errors),
            UpdatedTo = Time(q, "updatedTo", errors),
            HasIncident = Bool(q, "hasIncident", errors),
            // The journeys whose open incident is of this kind (session 45: after a lender outage an operator retries its
            // LenderUnavailable incidents together, not the OutcomeUnknown questions about money beside them).
            IncidentKind = Text(q, "incidentKind") is not { } kind ? null
                : IncidentKinds().IsMatch(kind) ? kind
                : Error<string?>(errors, "incidentKind", "An incident's errorKind, as a journey's incident shows it (LenderUnavailable, OutcomeUnknown, …): letters, digits and _, at most 100.", null),
            // The journeys whose step waits out a lender API's open circuit breaker (no incident, no attempt spent: during an
            // outage they looked like any waiting journey), of that API or of any (session 48).
            DeferredOn = Text(q, "deferredOn") switch
            {
                null => null,
                var any when any.Equals(AnyDeferral, StringComparison.OrdinalIgnoreCase) => InstanceQuery.AnyDeferral,
                var api when DeferredOnNames().IsMatch(api) => api,
                _ => Error<string?>(errors, "deferredOn", "A lender API as its settings section under Lenders: names it (FinBoxPrism, CapitalFloat, Partners:acme, …), or 'any' for every journey waiting out an open circuit breaker.", null),
            },
            WaitingSinceBefore = waitingLongerThan is { } seconds ? now - TimeSpan.FromSeconds(seconds) : null,
            Sort = Text(q, "sort") switch
            {
                null => InstanceSortField.CreatedAt,
                var s when s.Equals("createdAt", StringComparison.OrdinalIgnoreCase) => InstanceSortField.CreatedAt,
                var s when s.Equals("updatedAt", StringComparison.OrdinalIgnoreCase) => InstanceSortField.UpdatedAt,
                _ => Error(errors, "sort", "Use createdAt or updatedAt.", InstanceSortField.CreatedAt),
            },
            Descending = Text(q, "order") switch
            {
                null => true,
                var s when s.Equals("desc", StringComparison.OrdinalIgnoreCase) => true,
                var s when s.Equals("asc", StringComparison.OrdinalIgnoreCase) => false,
                _ => Error(errors, "order", "Use asc or desc.", true),
            },
            Skip = (int)(Number(q, "skip", errors, min: 0, max: int.MaxValue, integer: true) ?? 0),
            Take = (int)(Number(q, "take", errors, min: 1, max: InstanceQueryParameters.ListMaxTake, integer: true) ?? InstanceQueryParameters.ListDefaultTake),
        };
        // As the audit list does: an empty range is a mistake (the ends swapped), not a question whose answer is "nothing".
        if (query is { CreatedFrom: { } createdFrom, CreatedTo: { } createdTo } && createdTo < createdFrom)
        {
            errors["createdTo"] = ["Must not be before createdFrom."];
        }

        if (query is { Partner: not null, HasPartner: false })
        {
            // As an empty range: two filters that no journey can meet are a mistake, not a question whose answer is "nothing".
            errors["hasPartner"] = ["hasPartner=false lists the team's own journeys, which have no partner: leave out partner or hasPartner."];
        }

        if (query is { UpdatedFrom: { } updatedFrom, UpdatedTo: { } updatedTo } && updatedTo < updatedFrom)
        {
            errors["updatedTo"] = ["Must not be before updatedFrom."];
        }

        if (Text(q, "after") is { } token)
        {
            if (!InstanceCursor.TryDecode(token, out var after))
            {
                errors["after"] = ["Not a cursor of this list; pass the 'next' value of the previous page as it was returned."];
            }
            else if (after!.Sort != query.Sort)
            {
                errors["after"] = [$"This cursor continues a list sorted by {(after.Sort == InstanceSortField.UpdatedAt ? "updatedAt" : "createdAt")}; keep the sort of the page it came from."];
            }
            else if (after.Descending != query.Descending)
            {
                errors["after"] = [$"This cursor continues a list in {(after.Descending ? "desc" : "asc")} order; keep the order of the page it came from."];
            }
            else
            {
                query = query with { After = after };
            }
        }

        return (query, errors);
    }

    public static int Integer(IQueryCollection q, string name, int fallback, int min, int max, Dictionary<string, string[]> errors) =>
        OptionalInteger(q, name, min, max, errors) ?? fallback;

    /// <summary>An integer parameter with no default: null when it is absent (or named in <paramref name="errors"/>).</summary>
    public static int? OptionalInteger(IQueryCollection q, string name, int min, int max, Dictionary<string, string[]> errors) =>
        (int?)Number(q, name, errors, min, max, integer: true);

    /// <summary>A 64-bit integer parameter (a sequence number) up to 2^53 - 1; null when absent (or named in <paramref name="errors"/>).</summary>
    public static long? OptionalLong(IQueryCollection q, string name, long min, Dictionary<string, string[]> errors) =>
        (long?)Number(q, name, errors, min, QueryParameters.MaxSafeInteger, integer: true);

    public static string? Text(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } s ? s : null;

    private static T Error<T>(Dictionary<string, string[]> errors, string name, string message, T fallback)
    {
        errors[name] = [message];
        return fallback;
    }

    public static DateTimeOffset? Time(IQueryCollection q, string name, Dictionary<string, string[]> errors) =>
        Text(q, name) is not { } s ? null
        : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : Error<DateTimeOffset?>(errors, name, "Must be an ISO-8601 time, e.g. 2026-11-21T07:33:21Z.", null);

    private static bool? Bool(IQueryCollection q, string name, Dictionary<string, string[]> errors) =>
        Text(q, name) is not { } s ? null
        : bool.TryParse(s, out var b) ? b
        : Error<bool?>(errors, name, "Must be true or false.", null);

    private static double? Number(IQueryCollection q, string name, Dictionary<string, string[]> errors, double min, double max = double.MaxValue, bool integer = false)
    {
        if (Text(q, name) is not { } s)
        {
            return null;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max && (!integer || n == Math.Floor(n)))
        {
            return n;
        }

        if (integer)
        {
            return Error<double?>(errors, name, WholeNumbers.Refusal((long)min, (long)max, s), null);
        }

        var range = max == double.MaxValue ? $"at least {min}" : $"between {min} and {max}";
        return Error<double?>(errors, name, $"Must be a number {range}.", null);
    }
}
