using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.CapitalFloat;

/// <summary>What the borrower "received" for a block (<c>GET /sandbox/capitalfloat/otp</c>): its current OTP and how many tries it has left.</summary>
internal sealed record OtpInboxEntry(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("otp")] string Otp,
    [property: JsonPropertyName("attempts_left")] int AttemptsLeft,
    [property: JsonPropertyName("verified")] bool Verified);
