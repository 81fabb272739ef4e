using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoanJourney.Server.OpenApi;

/// <summary>
/// Query parameters declared in the OpenAPI document for handlers that read their query themselves (so that a bad value
/// is a 400 naming the field, in the same words on every list), which leaves the generated document without them: a
/// client generated from it (the Studio's schema.d.ts, a partner's) then has no names, types, ranges or defaults.
/// </summary>
internal static class QueryParameters
{
    /// <summary>An operation transformer adding the <paramref name="parameters"/> in order (new objects for each document).</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Describe(Func<IEnumerable<OpenApiParameter>> parameters) =>
        (operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters())
            {
                operation.Parameters.Add(parameter);
            }

            return Task.CompletedTask;
        };

    public static OpenApiParameter Time(string name, string description) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });

    public static OpenApiParameter Text(string name, string description, bool required = false) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.String }, required);

    public static OpenApiParameter Flag(string name, string description) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.Boolean });

    public static OpenApiParameter OneOf(string name, string description, IEnumerable<string> values, string? fallback = null) =>
        Query(name, description, Choice(values, fallback));

    /// <summary>A parameter that may be repeated (<c>?status=A&amp;status=B</c>); the handler also splits a value at commas.</summary>
    public static OpenApiParameter AnyOf(string name, string description, IEnumerable<string> values) =>
        Query(name, description, new OpenApiSchema { Type = JsonSchemaType.Array, Items = Choice(values, null) });

    public static OpenApiParameter Integer(string name, string description, int min, int? max = null, int? fallback = null) =>
        Query(name, description, new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = min.ToString(CultureInfo.InvariantCulture),
            Maximum = max?.ToString(CultureInfo.InvariantCulture),
            Default = fallback is { } f ? JsonValue.Create(f) : null,
        });

    /// <summary>A 64-bit integer parameter (a sequence number), at most <see cref="MaxSafeInteger"/>: a JavaScript client reads
    /// every such value exactly.</summary>
    public static OpenApiParameter Long(string name, string description, long min) =>
        Query(name, description, new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
            Minimum = min.ToString(CultureInfo.InvariantCulture),
            Maximum = MaxSafeInteger.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>2^53 - 1, the largest integer a double (and JavaScript's number) holds exactly.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    public static OpenApiParameter Number(string name, string description, double min, double max) =>
        Query(name, description, new OpenApiSchema
        {
            Type = JsonSchemaType.Number,
            Minimum = min.ToString(CultureInfo.InvariantCulture),
            Maximum = max.ToString(CultureInfo.InvariantCulture),
        });

    private static OpenApiSchema Choice(IEnumerable<string> values, string? fallback) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Default = fallback is null ? null : JsonValue.Create(fallback),
    };

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema, bool required = false) =>
        new() { Name = name, In = ParameterLocation.Query, Required = required, Description = description, Schema = schema };
}
