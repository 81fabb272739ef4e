using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Definitions;

// Walk 42: "$steps.disburse.output.loanAcountNumber" (a typo of loanAccountNumber) was Valid, published and read null at run
// time. A draft now names the step, the input and the declared outputs; a published version keeps compiling as it was.
public sealed class OutputNameCheckTests
{
    private readonly WorkflowCompiler _compiler = new(new ActivityRegistry(
        new[] { typeof(LendActivity), typeof(BranchActivity), typeof(WaitForSignalActivity), typeof(EndActivity), typeof(RecordActivity), typeof(CompensateActivity) }
        .Select(t => new ActivityRegistration(t))));

    private static string Journey(string shareInputs, string compensation = "") => Workflow("wf", $"""
        {Step("a", "Test.Lend", """{ "Done": "share" }""", extra: compensation)},
        {Step("share", "Test.Record", """{ "Done": "end" }""", shareInputs)},
        {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """);

    private List<DefinitionError> Draft(string json)
    {
        var errors = new List<DefinitionError>();
        var (definition, normalized) = DefinitionJson.Parse(json);
        var compiled = _compiler.CompileDraft(definition, normalized, "draft", errors);
        Assert.Equal(errors.Count == 0, compiled is not null);
        return errors;
    }

    [Fact]
    public void Draft_BindingToAnUndeclaredOutput_IsABadBindingNamingStepAndInput_ListingTheOutputs_WithADidYouMean()
    {
        var errors = Draft(Journey("""{ "label": "$steps.a.output.loanAcountNumber" }"""));

        var error = Assert.Single(errors);
        Assert.Equal((DefinitionErrorCode.BadBinding, "share", "inputs.label"), (error.Code, error.StepId, error.Field));
        Assert.Equal("$steps.a.output.loanAcountNumber: activity 'Test.Lend' has no output 'loanAcountNumber'; its outputs are " +
            "referenceID, utrNumber, loanAccountNumber. Did you mean 'loanAccountNumber'?", error.Message);
    }

    [Theory]
    [InlineData("refrenceId", "referenceID")] // one deletion and a letter case
    [InlineData("utrNumbr", "utrNumber")]
    [InlineData("loanAccNumber", null)] // four edits away: no guess
    [InlineData("x", null)]
    public void Draft_DidYouMean_IsTheDeclaredOutputAtMostTwoEditsAway(string typed, string? guess)
    {
        var error = Assert.Single(Draft(Journey($$"""{ "label": "$steps.a.output.{{typed}}" }""")));

        Assert.Equal(guess is not null, error.Message.Contains("Did you mean", StringComparison.Ordinal));
        if (guess is not null)
        {
            Assert.EndsWith($"Did you mean '{guess}'?", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Draft_TemplatesNestedValuesAndCompensationInputs_AreChecked()
    {
        var errors = Draft(Journey("""{ "label": { "text": "UTR {{ $steps.a.output.utr }}", "list": ["$steps.a.output.referenceId2"] } }""",
            """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "$steps.a.output.refID" } }"""));

        Assert.Equal(
            [("share", "inputs.label", "utr"), ("share", "inputs.label", "referenceId2"), ("a", "compensation.inputs.label", "refID")],
            errors.Select(e => (e.StepId!, e.Field!, e.Message.Split(':')[0].Split('.')[^1])).OrderBy(e => e.Item1 == "a").ToArray());
        Assert.All(errors, e => Assert.Equal(DefinitionErrorCode.BadBinding, e.Code));
    }

    [Theory]
    [InlineData("$steps.a.output.loanAccountNumber")] // declared
    [InlineData("$steps.a.output.loanAccountNumber.anything.below")] // only the first name is checked
    [InlineData("$steps.a.output")] // the whole output
    [InlineData("$steps.b.output.matched")] // Core.Branch declares the outcome it matched
    public void Draft_DeclaredOrUncheckedOutputs_AreValid(string binding)
    {
        var json = Workflow("wf", $$"""
            {{Step("a", "Test.Lend", """{ "Done": "b" }""")}},
            {{Step("b", "Core.Branch", """{ "Default": "share" }""", """{ "value": "x", "cases": {} }""")}},
            {{Step("share", "Test.Record", """{ "Done": "end" }""", $$"""{ "label": "{{binding}}" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """);

        Assert.Empty(Draft(json));
    }

    // Session 42 left Core.Branch's "matched" undeclared, so any name after $steps.<branch>.output. passed unchecked.
    [Fact]
    public void Draft_ATypoAgainstCoreBranchsMatched_IsCaught()
    {
        var json = Workflow("wf", """
            {"id": "b", "activity": "Core.Branch", "inputs": { "value": "x", "cases": {} }, "next": { "Default": "share" } },
            {"id": "share", "activity": "Test.Record", "inputs": { "label": "$steps.b.output.mached" }, "next": { "Done": "end" } },
            {"id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } }
            """, start: "b");

        var error = Assert.Single(Draft(json));
        Assert.Equal((DefinitionErrorCode.BadBinding, "share"), (error.Code, error.StepId));
        Assert.EndsWith("Did you mean 'matched'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedVersionOrFile_WithTheTypo_StillCompiles()
    {
        var json = Journey("""{ "label": "$steps.a.output.loanAcountNumber" }""");
        var loader = new DefinitionLoader(_compiler);
        var errors = new List<DefinitionError>();

        var published = loader.LoadPublishedText(json, "store", errors);
        var file = loader.LoadText(json, "wf.json", errors);

        Assert.Empty(errors);
        Assert.NotNull(published);
        Assert.NotNull(file);
    }

    [Activity("Test.Lend", Outputs = ["referenceID", "utrNumber", "loanAccountNumber"])]
    private sealed class LendActivity : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
    }
}
