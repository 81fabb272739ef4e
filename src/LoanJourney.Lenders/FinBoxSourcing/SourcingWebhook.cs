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
        var key = string.Join('\u001f', payload.CustomerID, payload.EventType, payload.EntityType, payload.LoanApplicationID,
            payload.LoggedAt, payload.JourneyType, payload.Source, payload.EventDescription);
        return "fbx1-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
