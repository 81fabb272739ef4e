using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary><c>customer_attrs</c> of a handshake request and <c>customer_data</c> of its answer.</summary>
public sealed record CustomerAttributes
{
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("phone")]
    public string? Phone { get; init; }

    [JsonPropertyName("customer_name")]
    public string? CustomerName { get; init; }

    [JsonPropertyName("business_name")]
    public string? BusinessName { get; init; }

    [JsonPropertyName("resi_address")]
    public string? ResiAddress { get; init; }

    [JsonPropertyName("resi_pincode")]
    public string? ResiPincode { get; init; }

    [JsonPropertyName("resi_city")]
    public string? ResiCity { get; init; }

    [JsonPropertyName("biz_address")]
    public string? BizAddress { get; init; }

    [JsonPropertyName("biz_pincode")]
    public string? BizPincode { get; init; }

    [JsonPropertyName("biz_city")]
    public string? BizCity { get; init; }
}
