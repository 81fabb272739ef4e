using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Block Amount answer; its <c>order_id</c> is used to create the tranche.</summary>
public sealed record BlockResponse : CapitalFloatResponse
{
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }
}
