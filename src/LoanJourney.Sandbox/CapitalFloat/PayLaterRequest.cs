using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>Every pay-later request body; each endpoint uses the documented subset.</summary>
internal sealed record PayLaterRequest(
    [property: JsonPropertyName("app_id")] string? AppId,
    [property: JsonPropertyName("order_id")] string? OrderId,
    [property: JsonPropertyName("amount")] JsonElement? Amount,
    [property: JsonPropertyName("otp")] string? Otp,
    [property: JsonPropertyName("suborder_id")] string? SuborderId);
