using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Partner;

/// <summary><c>customer_attrs</c> of a handshake, echoed back as <c>customer_data</c>.</summary>
internal sealed record CustomerAttributes(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("customer_name")] string? CustomerName,
    [property: JsonPropertyName("business_name")] string? BusinessName,
    [property: JsonPropertyName("resi_address")] string? ResiAddress,
    [property: JsonPropertyName("resi_pincode")] string? ResiPincode,
    [property: JsonPropertyName("resi_city")] string? ResiCity,
    [property: JsonPropertyName("biz_address")] string? BizAddress,
    [property: JsonPropertyName("biz_pincode")] string? BizPincode,
    [property: JsonPropertyName("biz_city")] string? BizCity);
