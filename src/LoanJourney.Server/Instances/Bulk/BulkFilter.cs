using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.Primitives;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// The <c>filter</c> of a bulk request: the same fields as the query of <c>GET /api/instances</c>, read by the same parser
/// (a JSON string, number, boolean or array of them per field); paging and sort are the operation's own.
/// </summary>
internal static class BulkFilter
{
    private static readonly string[] Paging = ["skip", "take", "sort", "order"];

    /// <summary>The statuses a cancel or an abandon by filter selects when the filter names none.</summary>
    public static readonly IReadOnlyList<WorkflowStatus> Unfinished = [WorkflowStatus.Running, WorkflowStatus.Waiting, WorkflowStatus.Faulted];

    public static (InstanceQuery Query, Dictionary<string, string[]> Errors) Parse(JsonNode? filter, DateTimeOffset now, IReadOnlyList<WorkflowStatus> defaultStatuses)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (filter is not null and not JsonObject)
        {
            errors["filter"] = ["Must be an object with the fields of GET /api/instances (workflowId, version, status, hasIncident, ...)."];
            return (new InstanceQuery(), errors);
        }

        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in (JsonObject?)filter ?? [])
        {
            if (Paging.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors[$"filter.{name}"] = ["Not a filter: a bulk operation takes every match, in its own order."];
                continue;
            }

            fields[name] = value switch
            {
                null => StringValues.Empty,
                JsonArray array => new StringValues(array.Select(Text).ToArray()),
                _ => Text(value),
            };
        }

        var (query, parsed) = InstanceQueryParser.Parse(new QueryCollection(fields), now);
        foreach (var (field, messages) in parsed)
        {
            errors[$"filter.{field}"] = messages;
        }

        if (query.Statuses is null && query.Status is null)
        {
            query = query with { Statuses = defaultStatuses };
        }

        return (query, errors);
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
