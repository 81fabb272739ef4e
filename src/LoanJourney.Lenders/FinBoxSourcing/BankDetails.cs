using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>bankDetails</c> of Loan Details.</summary>
public sealed record BankDetails
{
    [JsonPropertyName("accountNumber")]
    public string? AccountNumber { get; init; }

    [JsonPropertyName("ifscCode")]
    public string? IfscCode { get; init; }

    [JsonPropertyName("bankName")]
    public string? BankName { get; init; }

    [JsonPropertyName("accountHolderName")]
    public string? AccountHolderName { get; init; }
}
