using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record ReferenceData([property: JsonPropertyName("referenceID")] string ReferenceId);
