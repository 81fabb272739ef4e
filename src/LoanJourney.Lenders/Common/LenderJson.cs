using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.Common;

/// <summary>JSON settings shared by every client: names come from attributes only, reading is tolerant of what lenders really send.</summary>
public static class LenderJson
{
    /// <summary>Serializer options: documented names via <see cref="JsonPropertyNameAttribute"/>, trailing commas and comments tolerated,
    /// nulls omitted on write so optional fields are not sent.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Document options matching <see cref="Options"/> for raw parsing.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
