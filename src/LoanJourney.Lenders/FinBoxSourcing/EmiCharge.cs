using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One charge of an EMI (<c>LATE_CHARGE</c>, <c>NACH_BOUNCE_CHARGE</c>, <c>LATE_INTEREST_CHARGE</c>).</summary>
public sealed record EmiCharge
{
    [JsonPropertyName("chargeType")]
    public string? ChargeType { get; init; }

    [JsonPropertyName("charge")]
    public decimal? Charge { get; init; }
}
