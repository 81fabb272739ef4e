using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>
/// Branches on a bound value. <c>cases</c> is either an array of outcome names (the value must equal the name) or an
/// object mapping outcome name to the value that selects it. Nothing matching gives outcome <c>Default</c>.
/// </summary>
[Activity("Core.Branch", Description = "Branch on a bound value.", OutcomesFromInput = "cases", IsPure = true, Outputs = ["matched"])]
[ActivityInput("value", ActivityValueType.Any, Required = true, Description = "The value to branch on.")]
[ActivityInput("cases", ActivityValueType.Any, Required = true, Description = "Array of outcome names, or object outcome -> value.")]
public sealed class BranchActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.GetInput("value");
        var outcome = context.GetInput("cases") switch
        {
            JsonArray names => names.Select(n => n?.GetValue<string>()).FirstOrDefault(n => n is not null && Matches(value, JsonValue.Create(n))),
            JsonObject map => map.FirstOrDefault(p => Matches(value, p.Value)).Key,
            _ => throw new ActivityInputException("cases", "Input 'cases' must be an array or an object."),
        };
        return ValueTask.FromResult(ActivityResult.Complete(outcome ?? "Default", new JsonObject { ["matched"] = outcome ?? "Default" }));
    }

    private static bool Matches(JsonNode? value, JsonNode? expected)
    {
        if (value is JsonValue v && expected is JsonValue e && v.GetValueKind() == JsonValueKind.String && e.GetValueKind() == JsonValueKind.String)
        {
            return string.Equals(v.GetValue<string>(), e.GetValue<string>(), StringComparison.Ordinal);
        }

        return JsonNode.DeepEquals(value, expected);
    }
}
