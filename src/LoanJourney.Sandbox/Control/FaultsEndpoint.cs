using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Sandbox.Faults;

namespace LoanJourney.Sandbox.Control;

/// <summary>
/// <c>PUT /sandbox/faults</c>: replaces the faults in force. A value out of range, a field it does not know (a typo would
/// otherwise leave that fault at 0) or a value of the wrong type is a <c>400</c> problem naming the field, and the faults in
/// force stay as they were (docs/sandbox.md, "Fault injection").
/// </summary>
internal static class FaultsEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Fields = [.. typeof(FaultOptions).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    public static async Task<IResult> PutAsync(HttpRequest request, FaultSettings faults)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return Invalid("body", $"Not JSON: {e.Message}");
        }

        if (body is not JsonObject fields)
        {
            return Invalid("body", "Must be a JSON object of faults: " + string.Join(", ", Fields) + ".");
        }

        var unknown = fields.Select(f => f.Key).Where(k => !Fields.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            return Results.ValidationProblem(unknown.ToDictionary(k => k, _ => new[] { "Unknown fault setting: they are " + string.Join(", ", Fields) + "." }),
                title: "Invalid faults");
        }

        FaultOptions wanted;
        try
        {
            wanted = fields.Deserialize<FaultOptions>(Json) ?? new FaultOptions();
        }
        catch (JsonException e)
        {
            return Invalid(e.Path is { Length: > 2 } path ? path[2..] : "body", "Wrong type: rates and latencyMs are numbers, the route lists arrays of strings.");
        }

        var errors = FaultRules.Check(wanted, JsonNamingPolicy.CamelCase.ConvertName);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid faults");
        }

        faults.Set(wanted);
        return TypedResults.Ok(faults.Current);
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid faults");
}
