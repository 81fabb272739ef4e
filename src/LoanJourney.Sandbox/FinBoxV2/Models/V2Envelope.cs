using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Every FinBox v2 answer: <c>{ "data": …, "error": "", "statusCode": "XXX-S-000" }</c>.</summary>
internal sealed record V2Envelope(
    [property: JsonPropertyName("data")] object Data,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("statusCode")] string StatusCode);
