using System.Globalization;
using System.Text.Json;

namespace LoanJourney.Lenders.Common;

/// <summary>Reads the lender's own status code from an answer: <c>statusCode</c> (Prism), else a string or numeric
/// <c>status</c> (Prism session, Capital Float, partner). FinBox v1's boolean <c>status</c> is not a code: its code is the HTTP status.</summary>
internal static class LenderStatusCode
{
    public static string? Read(JsonElement? root)
    {
        if (root is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        if (obj.TryGetProperty("statusCode", out var code) && code.ValueKind == JsonValueKind.String)
        {
            return code.GetString();
        }

        if (obj.TryGetProperty("status", out var status))
        {
            return status.ValueKind switch
            {
                JsonValueKind.String => status.GetString(),
                JsonValueKind.Number => status.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : status.GetRawText(),
                _ => null,
            };
        }

        return null;
    }

    public static JsonElement? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body, LenderJson.DocumentOptions);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
