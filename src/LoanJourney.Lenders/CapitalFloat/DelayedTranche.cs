using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>One delayed tranche of an agent profile.</summary>
public sealed record DelayedTranche
{
    [JsonPropertyName("emailId")]
    public string? EmailId { get; init; }

    [JsonPropertyName("totalDelinquentAmount")]
    public string? TotalDelinquentAmount { get; init; }

    [JsonPropertyName("trancheId")]
    public string? TrancheId { get; init; }

    [JsonPropertyName("dpd")]
    public int? Dpd { get; init; }

    [JsonPropertyName("payments")]
    public List<JsonElement>? Payments { get; init; }

    [JsonPropertyName("dueAmt")]
    public DueAmount? DueAmt { get; init; }

    [JsonPropertyName("totalFeesDue")]
    public decimal? TotalFeesDue { get; init; }

    [JsonPropertyName("agentId")]
    public string? AgentId { get; init; }

    [JsonPropertyName("invoiceUrls")]
    public List<InvoiceUrl>? InvoiceUrls { get; init; }

    [JsonPropertyName("dueDate")]
    public string? DueDate { get; init; }
}
