using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// The <c>filter</c> of a bulk request: the same fields as the query of <c>GET /api/instances</c>, read by the same parser
/// (a JSON string, number, boolean or array of them per field); paging and sort are the operation's own.
/// </summary>
internal static class BulkFilter
{
    /// <summary>
    /// The filters of <c>GET /api/instances</c> (<see cref="InstanceQueryParser"/>), the only fields a filter takes: the
    /// parser ignores a name it does not know, so a misspelt one (<c>customerId</c> for <c>correlationId</c>) selected
    /// every journey, and a cancel by that filter cancelled them all.
    /// </summary>
    public static readonly string[] Fields = InstanceQueryParser.Filters;

    private static readonly string[] Paging = InstanceQueryParser.Paging;

    private static readonly string[] NotAFilter = ["Not a filter: a bulk operation takes every match, in its own order."];

    /// <summary>The statuses a cancel or an abandon by filter selects when the filter names none.</summary>
    public static readonly IReadOnlyList<WorkflowStatus> Unfinished = [WorkflowStatus.Running, WorkflowStatus.Waiting, WorkflowStatus.Faulted];

    /// <summary>
    /// The query <paramref name="filter"/> selects (<paramref name="defaultStatuses"/> when it names no status); false with
    /// a 400 naming <c>filter</c> (not an object), each paging field, the first field not in <see cref="Fields"/>
    /// (<c>filter.customerId</c>), or each bad value, <c>filter.deferredOn</c> included (<see cref="DeferralApis"/>).
    /// </summary>
    public static async Task<(InstanceQuery Query, ProblemHttpResult? Invalid)> ParseAsync(JsonNode? filter, DateTimeOffset now, IReadOnlyList<WorkflowStatus> defaultStatuses,
        DeferralApis deferralApis, CancellationToken cancellationToken)
    {
        if (!TryParse(filter, now, defaultStatuses, out var query, out var invalid))
        {
            return (query, invalid);
        }

        // A deferredOn naming no known lender API is refused like any other bad value of the filter (session 49).
        return (query, await deferralApis.RefusalAsync(query, "filter.deferredOn", null, cancellationToken));
    }

    private static bool TryParse(JsonNode? filter, DateTimeOffset now, IReadOnlyList<WorkflowStatus> defaultStatuses, out InstanceQuery query, out ProblemHttpResult invalid)
    {
        query = new InstanceQuery();
        if (filter is not null and not JsonObject)
        {
            invalid = Problem.Invalid("filter", "Must be an object with the fields of GET /api/instances (workflowId, version, status, hasIncident, ...).");
            return false;
        }

        var paging = ((JsonObject?)filter ?? []).Select(p => p.Key).Where(name => Paging.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (paging.Count > 0)
        {
            invalid = Problem.Invalid(paging.ToDictionary(name => $"filter.{name}", _ => NotAFilter));
            return false;
        }

        if (!JsonFields.TryOnly(filter, "a filter", "filter", out invalid, Fields))
        {
            return false;
        }

        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in (JsonObject?)filter ?? [])
        {
            fields[name] = value switch
            {
                null => StringValues.Empty,
                JsonArray array => new StringValues(array.Select(Text).ToArray()),
                _ => Text(value),
            };
        }

        var (parsed, errors) = InstanceQueryParser.Parse(new QueryCollection(fields), now);
        if (errors.Count > 0)
        {
            invalid = Problem.Invalid(errors.ToDictionary(e => $"filter.{e.Key}", e => e.Value, StringComparer.Ordinal));
            return false;
        }

        query = parsed.Statuses is null && parsed.Status is null ? parsed with { Statuses = defaultStatuses } : parsed;
        return true;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    /// <summary>
    /// Every match, newest first, at most <paramref name="max"/>; and the number matched. Summaries only: no payload is
    /// decrypted to select, so a journey this node cannot read is selected too, and the operation reports it alone.
    /// </summary>
    public static async Task<(IReadOnlyList<WorkflowInstanceSummary> Matches, long Matched)> MatchAsync(IWorkflowClient client, InstanceQuery query, int max, CancellationToken cancellationToken)
    {
        var matches = new List<WorkflowInstanceSummary>();
        long matched = 0;
        for (var skip = 0; matches.Count < max; skip += 500)
        {
            var page = await client.QueryInstancesAsync(query with { Skip = skip, Take = 500 }, cancellationToken);
            matched = page.Total;
            matches.AddRange(page.Items.Take(max - matches.Count));
            if (page.Items.Count < 500)
            {
                break;
            }
        }

        return (matches, matched);
    }
}
