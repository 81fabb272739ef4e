using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Runtime;

/// <summary>Checks a start input against the definition's declared fields.</summary>
internal static class InputValidator
{
    public static IReadOnlyList<InputFieldError> Validate(IReadOnlyList<InputFieldDefinition> fields, JsonNode? input)
    {
        var errors = new List<InputFieldError>();
        if (input is not null and not JsonObject)
        {
            errors.Add(new InputFieldError("$", "not_object", $"The input must be a JSON object, not {input.GetValueKind()}."));
            return errors;
        }

        var obj = input as JsonObject;
        foreach (var field in fields)
        {
            var present = obj is not null && obj.TryGetPropertyValue(field.Name, out var value) && value is not null;
            if (!present)
            {
                if (field.Required)
                {
                    errors.Add(new InputFieldError(field.Name, "required", $"'{field.Name}' is required."));
                }

                continue;
            }

            var node = obj![field.Name]!;
            if (!WorkflowCompiler.LiteralFits(node, field.Type))
            {
                errors.Add(new InputFieldError(field.Name, "type", $"'{field.Name}' must be {field.Type}, not {node.GetValueKind()}."));
            }
        }

        return errors;
    }

    public static string Describe(JsonValueKind kind) => kind.ToString();
}
