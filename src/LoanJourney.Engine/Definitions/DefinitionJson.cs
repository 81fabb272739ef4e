using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LoanJourney.Engine.Definitions;

/// <summary>Serializer settings of definition files, and their content hash.</summary>
public static class DefinitionJson
{
    /// <summary>Options: camelCase, comments and trailing commas allowed, unknown properties rejected.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>Parses definition text to the normalized JSON (no whitespace or comments) and the model.</summary>
    public static (WorkflowDefinition Definition, string NormalizedJson) Parse(string text)
    {
        var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) ?? throw new JsonException("The file is empty JSON (null).");
        var normalized = node.ToJsonString();
        var definition = node.Deserialize<WorkflowDefinition>(Options) ?? throw new JsonException("The file is empty JSON (null).");
        return (definition, normalized);
    }

    /// <summary>SHA-256 of the normalized JSON, hex.</summary>
    public static string Hash(string normalizedJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedJson)));
}
