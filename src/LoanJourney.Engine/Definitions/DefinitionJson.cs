using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LoanJourney.Engine.Definitions;

/// <summary>Serializer settings of definition files, and their content hash.</summary>
public static class DefinitionJson
{
    /// <summary>
    /// Options: camelCase, comments and trailing commas allowed, unknown properties rejected, and an explicit null refused
    /// where the model does not allow one (<c>"id": null</c> was read as a null id and failed the compiler with a 500).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
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
        RejectNullElements(definition);
        return (definition, normalized);
    }

    /// <summary>The field a parse error's JSON path names (<c>$.steps[1]</c> → <c>steps[1]</c>), or <c>body</c> for the whole document.</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    // RespectNullableAnnotations covers properties, not the elements of a list or the values of a map: a null step, input
    // field or next target is refused here, with its path, rather than met by the compiler as a null reference.
    private static void RejectNullElements(WorkflowDefinition definition)
    {
        for (var i = 0; i < definition.Input.Count; i++)
        {
            if (definition.Input[i] is null)
            {
                throw new JsonException($"Input field {i} is null: each is an object with a name and a type.", $"$.input[{i}]", null, null);
            }
        }

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i] ?? throw new JsonException($"Step {i} is null: each step is an object with an id and an activity.", $"$.steps[{i}]", null, null);
            foreach (var (outcome, target) in step.Next ?? new Dictionary<string, string>())
            {
                if (target is null)
                {
                    throw new JsonException($"Outcome '{outcome}' of step '{step.Id}' leads to null: name the step it leads to.", $"$.steps[{i}].next.{outcome}", null, null);
                }
            }
        }
    }

    /// <summary>SHA-256 of the normalized JSON, hex.</summary>
    public static string Hash(string normalizedJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedJson)));
}
