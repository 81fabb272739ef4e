using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>loanDetails</c> of Loan Details (the applicant).</summary>
public sealed record LoanDetails
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("mobile")]
    public string? Mobile { get; init; }

    [JsonPropertyName("gender")]
    public string? Gender { get; init; }

    [JsonPropertyName("dob")]
    public string? Dob { get; init; }

    [JsonPropertyName("pan")]
    public string? Pan { get; init; }

    [JsonPropertyName("currentAddress")]
    public Address? CurrentAddress { get; init; }

    [JsonPropertyName("loanFormData")]
    public Dictionary<string,JsonElement>? LoanFormData { get; init; }

    [JsonPropertyName("residenceType")]
    public string? ResidenceType { get; init; }
}
