using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Verify Block OTP request.</summary>
public sealed record VerifyBlockOtpRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }

    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonPropertyName("otp")]
    public string? Otp { get; init; }
}
