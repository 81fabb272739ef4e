using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record MessageData([property: JsonPropertyName("message")] string Message);
