using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>insuranceDetails</c> of loan details.</summary>
public sealed record InsuranceDetails
{
    [JsonPropertyName("premium")]
    public decimal? Premium { get; init; }

    [JsonPropertyName("gstApplicable")]
    public bool? GstApplicable { get; init; }

    [JsonPropertyName("gstRate")]
    public decimal? GstRate { get; init; }

    [JsonPropertyName("vendor")]
    public string? Vendor { get; init; }
}
