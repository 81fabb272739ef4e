using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record AgreementData(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("agreementURL")] string? AgreementUrl);
