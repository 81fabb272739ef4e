using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Borrower Details request.</summary>
public sealed record BorrowerDetailsRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }
}
