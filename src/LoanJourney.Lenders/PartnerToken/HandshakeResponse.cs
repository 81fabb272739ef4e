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
}
