using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>employmentDetails</c> of Update User Details.</summary>
public sealed record EmploymentDetails
{
    [JsonPropertyName("employmentType")]
    public string? EmploymentType { get; init; }

    [JsonPropertyName("monthlyIncome")]
    public string? MonthlyIncome { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("employmentOrganization")]
    public string? EmploymentOrganization { get; init; }

    [JsonPropertyName("address")]
    public Address? Address { get; init; }
}
