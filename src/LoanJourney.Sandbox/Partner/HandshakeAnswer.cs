using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Partner;

/// <summary>A handshake answer (in the response, or POSTed to the async callback). <c>status</c> is a string.</summary>
internal sealed record HandshakeAnswer(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("captured_customer_ref_id")] string CapturedCustomerRefId,
    [property: JsonPropertyName("verified_customer_ref_id")] string VerifiedCustomerRefId,
    [property: JsonPropertyName("handshake_id")] string HandshakeId,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("customer_data")] CustomerAttributes? CustomerData);
