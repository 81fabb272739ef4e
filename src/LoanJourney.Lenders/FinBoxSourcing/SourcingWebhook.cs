using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Reading FinBox v1 webhooks: parsing the documented payload and deriving the event id FinBox does not send.</summary>
public static class SourcingWebhook
{
    /// <summary>Parses a webhook body; false when it is not the documented payload (no <c>customerID</c> or <c>eventType</c>).</summary>
    public static bool TryParse(string body, out WebhookPayload? payload)
    {
        try
        {
            payload = JsonSerializer.Deserialize<WebhookPayload>(body, LenderJson.Options);
        }
        catch (JsonException)
        {
            payload = null;
        }

        return payload is { CustomerID.Length: > 0, EventType.Length: > 0 };
    }

    /// <summary>
    /// Reads the documented payload from a parsed body's root object, without parsing it again; false, with the first documented
    /// field that is present but neither a string nor null, when it is not the documented payload. Names are matched exactly, as
    /// <see cref="TryParse"/> does.
    /// </summary>
    public static bool TryRead(JsonElement body, out WebhookPayload? payload, out string? invalidField)
    {
        payload = null;
        invalidField = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? invalid = null;
        string? Field(string name)
        {
            if (invalid is not null || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                invalid = name;
                return null;
            }

            return value.GetString();
        }

        var read = new WebhookPayload
        {
            CustomerID = Field("customerID"),
            EntityType = Field("entityType"),
            EventDescription = Field("eventDescription"),
            EventType = Field("eventType"),
            LoanApplicationID = Field("loanApplicationID"),
            LoggedAt = Field("loggedAt"),
            JourneyType = Field("journeyType"),
            Source = Field("source"),
        };
        invalidField = invalid;
        if (invalid is not null || read is not { CustomerID.Length: > 0, EventType.Length: > 0 })
        {
            return false;
        }

        payload = read;
        return true;
    }

    /// <summary>
    /// A stable id for deduplication: FinBox retries a webhook up to 3 times with the same payload and sends no event id,
    /// so the id is a hash of every field (two different events never share all of them, a retry always does).
    /// </summary>
    public static string DeriveEventId(WebhookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);

        // "fbx1-" + hex(SHA-256(UTF-8(the fields joined by U+001F, a null one empty))): the fields joined and encoded on the stack
        // (in arrays of their own when long), the id the one string made (round 59; was the joined string, its UTF-8, the hash,
        // the hex and the concatenation, ~0.7 KB a webhook).
        ReadOnlySpan<string?> fields = [payload.CustomerID, payload.EventType, payload.EntityType, payload.LoanApplicationID,
            payload.LoggedAt, payload.JourneyType, payload.Source, payload.EventDescription];
        var length = fields.Length - 1;
        foreach (var field in fields)
        {
            length += field?.Length ?? 0;
        }

        Span<char> joined = length <= StackChars ? stackalloc char[StackChars] : new char[length];
        var at = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                joined[at++] = '\u001f';
            }

            fields[i].AsSpan().CopyTo(joined[at..]);
            at += fields[i]?.Length ?? 0;
        }

        var most = Encoding.UTF8.GetMaxByteCount(length);
        Span<byte> utf8 = most <= StackChars * 3 ? stackalloc byte[StackChars * 3] : new byte[most];
        var bytes = Encoding.UTF8.GetBytes(joined[..length], utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..bytes], hash);
        Span<char> id = stackalloc char[EventIdPrefix.Length + SHA256.HashSizeInBytes * 2];
        EventIdPrefix.CopyTo(id);
        if (!Convert.TryToHexStringLower(hash, id[EventIdPrefix.Length..], out var written) || written != SHA256.HashSizeInBytes * 2)
        {
            throw new InvalidOperationException("A SHA-256 hash is 64 hex digits.");
        }

        return new string(id);
    }

    private const string EventIdPrefix = "fbx1-";

    // The joined fields up to this many characters are written on the stack (their UTF-8 in three times as many bytes).
    private const int StackChars = 512;
}
