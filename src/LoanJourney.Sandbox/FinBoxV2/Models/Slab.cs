using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record Slab(
    [property: JsonPropertyName("maxAmount")] decimal MaxAmount,
    [property: JsonPropertyName("minAmount")] decimal MinAmount,
    [property: JsonPropertyName("tenure")] int Tenure,
    [property: JsonPropertyName("interest")] decimal Interest,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("processingFee")] decimal ProcessingFee,
    [property: JsonPropertyName("processingFeeType")] string ProcessingFeeType,
    [property: JsonPropertyName("gst")] decimal Gst);
