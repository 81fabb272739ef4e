using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>A parsed reference such as <c>$steps.createUser.output.customerId</c>.</summary>
/// <param name="Root">What it reads from.</param>
/// <param name="StepId">For <see cref="BindingRoot.Steps"/>, the step.</param>
/// <param name="Path">Property names (or array indexes) below the root.</param>
public sealed record BindingReference(BindingRoot Root, string? StepId, IReadOnlyList<string> Path)
{
    /// <summary>Reads the referenced value; a missing property gives null.</summary>
    public JsonNode? Resolve(BindingScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        JsonNode? node = Root switch
        {
            BindingRoot.Input => scope.Input,
            BindingRoot.Vars => scope.Variables,
            _ => scope.Outputs.TryGetPropertyValue(StepId!, out var output) ? output : null,
        };
        foreach (var segment in Path)
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
