using System.Text.Json.Serialization;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>A file carried in a journey input or signal: a name and its content in base64.</summary>
public sealed record StatementFile
{
    /// <summary>File name, e.g. <c>statement-jan.pdf</c>.</summary>
    [JsonPropertyName("fileName")]
    public string? FileName { get; init; }

    /// <summary>The file's bytes in base64.</summary>
    [JsonPropertyName("contentBase64")]
    public string? ContentBase64 { get; init; }

    /// <summary>MIME type (default <c>application/pdf</c>).</summary>
    [JsonPropertyName("contentType")]
    public string? ContentType { get; init; }

    /// <summary>Decodes to a <see cref="LenderFile"/>; null when the content is missing or not base64.</summary>
    public LenderFile? ToLenderFile(string defaultContentType = "application/pdf")
    {
        if (string.IsNullOrEmpty(ContentBase64))
        {
            return null;
        }

        var buffer = new byte[ContentBase64.Length];
        return Convert.TryFromBase64String(ContentBase64, buffer, out var written)
            ? new LenderFile(string.IsNullOrWhiteSpace(FileName) ? "file" : FileName, buffer.AsMemory(0, written), ContentType ?? defaultContentType)
            : null;
    }
}
