using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Handshake answer: <c>status</c> "1" sync, "2" async (posted to the callback URL later), below 0 an error; a string.</summary>
public sealed record HandshakeResponse
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("captured_customer_ref_id")]
    public string? CapturedCustomerRefId { get; init; }

    [JsonPropertyName("verified_customer_ref_id")]
    public string? VerifiedCustomerRefId { get; init; }

    [JsonPropertyName("handshake_id")]
    public string? HandshakeId { get; init; }

    [JsonPropertyName("msg")]
    public string? Msg { get; init; }

    [JsonPropertyName("customer_data")]
    public CustomerAttributes? CustomerData { get; init; }

    /// <summary>
    /// Reads a handshake answer as the handshake step reads the callback it resumes with (the serializer's defaults); false,
    /// with the field (<c>status</c>, <c>customer_data.phone</c>) that is not of its documented type, when the step could not.
    /// </summary>
    /// <remarks>
    /// The callback endpoint reads it so before it stores anything: a body it accepted and the step then could not read faulted
    /// the journey (<c>InvalidCallback</c>) after the partner had been told <c>202</c> (session 45's partner walk).
    /// </remarks>
    public static bool TryRead(JsonElement body, out HandshakeResponse? answer, out string? invalidField)
    {
        try
        {
            answer = body.Deserialize<HandshakeResponse>();
            invalidField = answer is null ? "body" : null;
            return answer is not null;
        }
        catch (JsonException e)
        {
            answer = null;
            invalidField = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return false;
        }
    }
}
