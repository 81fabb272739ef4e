using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.Audit;

/// <summary>
/// The query of <c>GET /api/audit</c> in the OpenAPI document. The handler reads the query itself (so a bad value is a
/// 400 naming the field, like the journeys list), which leaves the generated document without parameters; a client
/// generated from it (the Studio's schema.d.ts) then had no names, types or action list to filter with.
/// </summary>
internal static class AuditQueryParameters
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Time("from", "Entries at or after this time (ISO-8601, inclusive)."));
        operation.Parameters.Add(Time("to", "Entries before this time (ISO-8601, exclusive); not before from."));
        operation.Parameters.Add(Text("principal", "Entries of this principal (its name, exact)."));
        operation.Parameters.Add(Query("action", "Entries of this action.", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = AuditActions.All.Select(a => (JsonNode)JsonValue.Create(a)).ToList(),
        }));
        operation.Parameters.Add(Text("workflowId", "Entries about this workflow (exact)."));
        operation.Parameters.Add(Text("instanceId", "Entries about this journey (exact)."));
        operation.Parameters.Add(Integer("skip", "Entries to leave out before the page, newest first.", 0, int.MaxValue, 0));
        operation.Parameters.Add(Integer("take", "Entries in the page.", 1, MaxTake, DefaultTake));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Time(string name, string description) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });

    private static OpenApiParameter Text(string name, string description) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.String });

    private static OpenApiParameter Integer(string name, string description, int min, int max, int fallback) =>
        Query(name, description, new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(fallback),
        });

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = schema };
}
