using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Handshake request.</summary>
public sealed record HandshakeRequest
{
    [JsonPropertyName("handshake_id")]
    public string? HandshakeId { get; init; }

    [JsonPropertyName("captured_customer_ref_id")]
    public string? CapturedCustomerRefId { get; init; }

    [JsonPropertyName("customer_attrs")]
    public CustomerAttributes? CustomerAttrs { get; init; }

    [JsonPropertyName("async_result_callback_url")]
    public string? AsyncResultCallbackUrl { get; init; }

    [JsonPropertyName("token_callback_url")]
    public string? TokenCallbackUrl { get; init; }
}
