using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Trigger KYC / agreement / disbursal: <c>{ "customerID": …, "program": … }</c>.</summary>
internal sealed record ProgramRequest(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("program")] string? Program);
