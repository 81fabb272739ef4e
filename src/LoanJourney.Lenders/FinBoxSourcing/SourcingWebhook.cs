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
