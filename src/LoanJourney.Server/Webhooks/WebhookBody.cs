using System.Text;
using System.Text.Json;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// A webhook body parsed once, after its signature verified: a <see cref="JsonDocument"/> (pooled, no tree of nodes) that
/// the handler reads its fields from, and <see cref="Text"/>, what the inbox stores — the body as it was sent and signed,
/// not written out again. Duplicate property names are refused: two parsers could read such a body differently.
/// </summary>
internal sealed class WebhookBody : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    private readonly JsonDocument _document;
    private readonly ReadOnlyMemory<byte> _json;

    private WebhookBody(JsonDocument document, ReadOnlyMemory<byte> json)
    {
        _document = document;
        _json = json;
    }

    public JsonElement Root => _document.RootElement;

    /// <summary>The body as sent (UTF-8 decoded, without a byte order mark): one JSON object, already checked.</summary>
    public string Text => Encoding.UTF8.GetString(_json.Span);

    /// <summary>Parses a body; the problem (400 naming <c>body</c>) when it is not UTF-8, empty, not JSON or not one object.</summary>
    public static ProblemHttpResult? TryParse(byte[] raw, out WebhookBody? body)
    {
        body = null;
        ReadOnlyMemory<byte> json = raw;
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (JsonBody.NotText(json.Span) is { } notUtf8)
        {
            return notUtf8;
        }

        if (JsonBody.IsBlank(json.Span))
        {
            return Problem.Invalid("body", "A JSON object is required.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return JsonBody.Malformed(e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return JsonBody.NotAnObject();
        }

        body = new WebhookBody(document, json);
        return null;
    }

    /// <summary>
    /// The fields that are missing, null or blank ("Required"), or an object or an array (the JSON type they were sent as):
    /// a non-empty string or a number is required, by name, of at most 200 characters and no control character.
    /// </summary>
    public Dictionary<string, string[]> Required(params ReadOnlySpan<string> fields)
    {
        const string Takes = "a string or a number";
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (Root.TryGetProperty(field, out var sent) && sent.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                errors[field] = [JsonFields.WrongType(Takes, sent.ValueKind)];
            }
            else if (Value(field) is not { } value || string.IsNullOrWhiteSpace(value))
            {
                errors[field] = ["Required (a non-empty string or a number)."];
            }
            else if (KeyValues.Problem(value) is { } problem)
            {
                // Held to what a start's customer id is: a NUL was a 500 on PostgreSQL, and an inbox record keyed by a longer
                // customer id could not be erased by it (session 36).
                errors[field] = [problem];
            }
        }

        return errors;
    }

    /// <summary>A top-level field as text: a string's value, a number's or a boolean's JSON; null when absent or anything else.</summary>
    public string? Value(string field) =>
        Root.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public void Dispose() => _document.Dispose();
}
