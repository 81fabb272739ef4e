using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// JSON as the lender documents write it: names come from <see cref="JsonPropertyNameAttribute"/> on the wire
/// models, nulls are written (the docs show <c>"offers": null</c>), and request bodies are read by hand so a
/// malformed body gets the lender's own error instead of the framework's.
/// </summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static IResult Json(object body, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(body, Options, contentType: "application/json", statusCode: statusCode);

    /// <summary>Reads the request body; <c>null</c> when it is missing or not valid JSON of that shape.</summary>
    public static async Task<T?> TryReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Documented amounts arrive as strings (<c>"3748973.97"</c>) or numbers; both are read.</summary>
    public static bool TryReadAmount(JsonElement? element, out decimal amount)
    {
        amount = 0;
        if (element is not { } value)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out amount),
            JsonValueKind.String => decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out amount),
            _ => false,
        };
    }

    public static bool IsMissing(JsonElement? element) =>
        element is null || element.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (element.Value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.Value.GetString()));
}
