using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record Bank(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("fullName")] string FullName,
    [property: JsonPropertyName("npciCode")] string NpciCode,
    [property: JsonPropertyName("logoUrl")] string LogoUrl,
    [property: JsonPropertyName("isPdfUpload_available")] bool IsPdfUploadAvailable,
    [property: JsonPropertyName("isNetBanking_available")] bool IsNetBankingAvailable,
    [property: JsonPropertyName("isAaAvailable")] bool IsAaAvailable);
