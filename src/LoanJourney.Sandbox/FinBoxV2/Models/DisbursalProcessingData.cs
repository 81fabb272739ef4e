using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record DisbursalProcessingData(
    [property: JsonPropertyName("customerID")] string CustomerId,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("referenceID")] string ReferenceId,
    [property: JsonPropertyName("status")] string Status);
