using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Partner;

internal sealed record HandshakeRequest(
    [property: JsonPropertyName("handshake_id")] string? HandshakeId,
    [property: JsonPropertyName("captured_customer_ref_id")] string? CapturedCustomerRefId,
    [property: JsonPropertyName("customer_attrs")] CustomerAttributes? CustomerAttrs,
    [property: JsonPropertyName("async_result_callback_url")] string? AsyncResultCallbackUrl,
    [property: JsonPropertyName("token_callback_url")] string? TokenCallbackUrl);
