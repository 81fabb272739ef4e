using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Get Bank List API answer (no envelope, as documented).</summary>
public sealed record BankListResponse
{
    [JsonPropertyName("count")]
    public int? Count { get; init; }

    [JsonPropertyName("banks")]
    public List<Bank>? Banks { get; init; }
}
