using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Tests.Support;

namespace LoanJourney.Engine.Tests.Definitions;

public sealed class WholeAmountInputsTests
{
    [Theory]
    [InlineData("""{"amount":1000.50}""", "amount")]
    [InlineData("""{"amount":"1000.5"}""", "amount")]
    [InlineData("""{"amount":1000,"order":{"amount":"99.99"}}""", "order.amount")]
    [InlineData("""{"amount":1000,"note":2.5}""", "note")] // bound inside a template: the lender still gets the fraction
    public void Validate_AFractionBoundToAWholeAmountInput_IsNamed(string input, string field)
    {
        var error = Assert.Single(WholeAmountInputs.Validate(Compile(), JsonNode.Parse(input)));

        Assert.Equal((field, "whole_amount"), (error.Field, error.Code));
        Assert.Contains("takes whole amounts only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"amount":1000}""")]
    [InlineData("""{"amount":1000.0}""")]
    [InlineData("""{"amount":1e3}""")]
    [InlineData("""{"amount":"1,000"}""")]
    [InlineData("""{"amount":1000,"order":{"amount":25000},"other":12.5}""")] // other reaches no whole-amount input
    [InlineData("""{"amount":"abc"}""")] // not an amount at all: the amount checks name it, not this one
    [InlineData("""{}""")]
    public void Validate_AWholeAmountOrAFieldNotBoundToOne_IsAccepted(string input) =>
        Assert.Empty(WholeAmountInputs.Validate(Compile(), JsonNode.Parse(input)));

    [Fact]
    public void WorkflowInputSchema_Validate_RefusesTheFraction_AsEveryStartIsChecked() =>
        Assert.Equal("amount:whole_amount", string.Join(' ', WorkflowInputSchema.Validate(Compile(), JsonNode.Parse("""{"amount":1000.5}""")).Select(e => $"{e.Field}:{e.Code}")));

    private static CompiledWorkflow Compile()
    {
        var loader = new DefinitionLoader(new WorkflowCompiler(new ActivityRegistry([new ActivityRegistration(typeof(EndActivity)), new ActivityRegistration(typeof(WholeActivity))])));
        var errors = new List<DefinitionError>();
        var steps = string.Join(", ",
            Defs.Step("a", "Test.Whole", next: """{ "Done": "b" }""", inputs: """{ "amount": "$input.amount", "other": "$input.other" }"""),
            Defs.Step("b", "Test.Whole", next: """{ "Done": "c" }""", inputs: """{ "amount": "$input.order.amount" }"""),
            Defs.Step("c", "Test.Whole", next: """{ "Done": "end" }""", inputs: """{ "amount": "{{ $input.note }}" }"""),
            Defs.Step("end", "Core.End", inputs: """{ "outcome": "Done" }"""));
        var input = """[{ "name": "amount" }, { "name": "order", "type": "Object" }, { "name": "other" }, { "name": "note" }]""";
        var workflow = loader.LoadText(Defs.Workflow("whole-test", steps, input: input), "test", errors);
        return workflow ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
    }

    [Activity("Test.Whole", Outcomes = ["Done"])]
    [ActivityInput("amount", ActivityValueType.Any, Required = true, IsWholeAmount = true, Description = "Taken in whole units.")]
    [ActivityInput("other", ActivityValueType.Any, Description = "Any amount.")]
    private sealed class WholeActivity : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
