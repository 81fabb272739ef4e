using System.Text.Json.Serialization;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Every Capital Float answer: <c>status</c> 1 is success, negative values are the documented errors; sent as a number or a string.</summary>
public record CapitalFloatResponse
{
    [JsonConverter(typeof(FlexibleIntConverter))]
    [JsonPropertyName("status")]
    public int Status { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
