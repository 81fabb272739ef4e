using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>basicDetails</c> of Update User Details.</summary>
public sealed record BasicDetails
{
    [JsonPropertyName("personalDetails")]
    public PersonalDetails? PersonalDetails { get; init; }

    [JsonPropertyName("employmentDetails")]
    public EmploymentDetails? EmploymentDetails { get; init; }

    [JsonPropertyName("businessDetails")]
    public BusinessDetails? BusinessDetails { get; init; }
}
