using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Resend OTP request.</summary>
public sealed record ResendBlockOtpRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }

    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }
}
