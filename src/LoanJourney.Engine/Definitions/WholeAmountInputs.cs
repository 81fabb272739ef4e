using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// The start input fields a workflow sends, by a <c>$input.…</c> binding, to an activity input declared
/// <see cref="ActivityInputAttribute.IsWholeAmount"/>, and the check that each holds a whole number (a JSON number or a
/// numeric string as <see cref="Amounts"/> reads them: <c>1000</c>, <c>1000.0</c>, <c>1e3</c>, <c>"1000"</c>; not
/// <c>1000.5</c>). A start that broke the rule used to run until the lender refused that step, with money blocked on the
/// way (a Capital Float tranche after the block and the borrower's OTP).
/// </summary>
public static class WholeAmountInputs
{
    private static readonly ConditionalWeakTable<CompiledWorkflow, IReadOnlyList<Use>> Found = [];

    /// <summary>Every whole-amount field of <paramref name="input"/> that holds an amount with a fraction. A value that is
    /// not an amount at all is left to the other checks.</summary>
    public static IEnumerable<InputFieldError> Validate(CompiledWorkflow workflow, JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        foreach (var use in Found.GetValue(workflow, static w => Uses(w)))
        {
            var value = new BindingReference(BindingRoot.Input, null, use.Path).Resolve(new BindingScope(input, new JsonObject(), new JsonObject()));
            if (value is JsonValue scalar && Text(scalar) is { } text && Amounts.TryParse(text, out var amount) && amount != decimal.Truncate(amount))
            {
                yield return new InputFieldError(use.Field, "whole_amount",
                    $"'{use.Field}' must be a whole number (step '{use.StepId}', {use.Activity} input '{use.Input}', takes whole amounts only), not {amount.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
    }

    private static List<Use> Uses(CompiledWorkflow workflow)
    {
        var uses = new List<Use>();
        foreach (var step in workflow.Steps.Values)
        {
            foreach (var declared in step.Descriptor.Inputs.Where(i => i.IsWholeAmount))
            {
                var bound = step.Definition.Inputs is { } inputs && inputs.TryGetPropertyValue(declared.Name, out var node) ? node : null;
                foreach (var (reference, _) in Bindings.Find(bound))
                {
                    if (reference is { Root: BindingRoot.Input, Path.Count: > 0 } && !uses.Any(u => u.Path.SequenceEqual(reference.Path)))
                    {
                        uses.Add(new Use(reference.Path, string.Join('.', reference.Path), step.Id, step.Descriptor.TypeName, declared.Name));
                    }
                }
            }
        }

        return uses;
    }

    private static string? Text(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    private sealed record Use(IReadOnlyList<string> Path, string Field, string StepId, string Activity, string Input);
}
