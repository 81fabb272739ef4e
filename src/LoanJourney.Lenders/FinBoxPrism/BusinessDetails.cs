using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>businessDetails</c> of the NACH invocation.</summary>
public sealed record BusinessDetails
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("category")]
    public string? Category { get; init; }

    [JsonPropertyName("subCategory")]
    public string? SubCategory { get; init; }

    [JsonPropertyName("address")]
    public Address? Address { get; init; }

    [JsonPropertyName("uanDetails")]
    public UanDetails? UanDetails { get; init; }
}
