using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Get Disbursal Status API.</summary>
public sealed record DisbursalData
{
    [JsonPropertyName("utrNumber")]
    public string? UtrNumber { get; init; }

    [JsonPropertyName("disbursedAt")]
    public string? DisbursedAt { get; init; }

    [JsonPropertyName("disbursedAmount")]
    public decimal? DisbursedAmount { get; init; }

    [JsonPropertyName("loanAccountNumber")]
    public string? LoanAccountNumber { get; init; }

    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
