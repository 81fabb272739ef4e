using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Get Banking Result API.</summary>
public sealed record BankingData
{
    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("bankingDetails")]
    public BankingDetails? BankingDetails { get; init; }

    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
