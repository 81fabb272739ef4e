using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Definitions;

/// <summary>The designer's layout in a definition file: read, checked, outside the content hash and outside the change summary's steps.</summary>
public sealed class DefinitionLayoutTests
{
    private static readonly DefinitionLoader Loader = new(new WorkflowCompiler(new ActivityRegistry(
        new[] { typeof(SetVariableActivity), typeof(EndActivity), typeof(RecordActivity) }.Select(t => new ActivityRegistration(t)))));

    private static readonly string Steps = $"""
        {Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "x" }""")},
        {Step("b", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """;

    private static string WithLayout(string layout) => Workflow("laid-out", Steps).TrimEnd()[..^1] + $", \"layout\": {layout} }}";

    private static (CompiledWorkflow? Workflow, List<DefinitionError> Errors) Load(string text)
    {
        var errors = new List<DefinitionError>();
        return (Loader.LoadText(text, "wf.json", errors), errors);
    }

    [Fact]
    public void LoadText_Layout_IsReadAsPositionsPerStep()
    {
        var (workflow, errors) = Load(WithLayout("""{ "a": { "x": 10.5, "y": -20 }, "b": { "x": 0, "y": 140 } }"""));

        Assert.Empty(errors);
        Assert.Equal(new StepPosition { X = 10.5, Y = -20 }, workflow!.Definition.Layout!["a"]);
        Assert.Equal(new StepPosition { X = 0, Y = 140 }, workflow.Definition.Layout["b"]);
    }

    [Fact]
    public void ContentHash_OnlyTheLayoutDiffers_IsTheSame_AndWithoutALayoutIsTheHashOfTheNormalizedJson()
    {
        var plain = Load(Workflow("laid-out", Steps)).Workflow!;
        var moved = Load(WithLayout("""{ "a": { "x": 1, "y": 2 } }""")).Workflow!;
        var movedAgain = Load(WithLayout("""{ "a": { "x": 300, "y": 2 }, "b": { "x": 5, "y": 5 } }""")).Workflow!;

        Assert.Equal(plain.ContentHash, moved.ContentHash);
        Assert.Equal(plain.ContentHash, movedAgain.ContentHash);
        Assert.NotEqual(plain.Json, moved.Json);
        // Versions stored before layouts existed keep their hash.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain.Json))), plain.ContentHash);
    }

    [Fact]
    public void LoadText_PositionOfAStepTheDefinitionDoesNotHave_IsDropped_NotAnError()
    {
        var (workflow, errors) = Load(WithLayout("""{ "a": { "x": 1, "y": 2 }, "renamedAway": { "x": 3, "y": 4 } }"""));

        Assert.Empty(errors);
        Assert.Equal(["a"], workflow!.Definition.Layout!.Keys);
        Assert.DoesNotContain("renamedAway", workflow.Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "a": { "x": "10", "y": 2 } }""", "layout.a.x", "a number")]
    [InlineData("""{ "a": [1, 2] }""", "layout.a", "an object")]
    [InlineData("""[1, 2]""", "layout", "an object")]
    [InlineData("""{ "a": { "x": 1, "y": 2, "z": 3 } }""", "layout.a.z", "Unknown field 'z'")]
    [InlineData("""{ "a": null }""", "layout.a", "is null")]
    public void LoadText_LayoutOfTheWrongJsonType_IsAnErrorNamingTheField(string layout, string field, string message)
    {
        var (workflow, errors) = Load(WithLayout(layout));

        Assert.Null(workflow);
        var error = Assert.Single(errors);
        Assert.Equal((DefinitionErrorCode.CorruptFile, field), (error.Code, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400", "layout.a.x")]
    [InlineData("2000000", "layout.a.x")]
    public void LoadText_PositionBeyondWhatAFlowchartDraws_IsAnErrorNamingTheAxis(string x, string field)
    {
        var (workflow, errors) = Load(WithLayout($$"""{ "a": { "x": {{x}}, "y": 2 } }"""));

        Assert.Null(workflow);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void ChangeSummary_AMoveAlone_ChangesNoStepAndNotTheDefinition_OnlyTheLayout()
    {
        var before = Load(WithLayout("""{ "a": { "x": 1, "y": 2 } }""")).Workflow!.Json;
        var after = Load(WithLayout("""{ "a": { "x": 100, "y": 2 }, "b": { "x": 0, "y": 200 } }""")).Workflow!.Json;

        var summary = ChangeSummary.Between(before, after);

        Assert.Equal((0, 0, 0, false, true), (summary.Added.Count, summary.Removed.Count, summary.Changed.Count, summary.DefinitionChanged, summary.LayoutChanged));
        Assert.False(ChangeSummary.Between(after, after).LayoutChanged);
        Assert.True(ChangeSummary.FromJson(summary.ToJson()).LayoutChanged);
    }

    [Fact]
    public void DropStaleLayout_KeepsPositionsOfTheStepsItHas()
    {
        var definition = JsonNode.Parse(WithLayout("""{ "a": { "x": 1, "y": 2 }, "gone": { "x": 3, "y": 4 } }"""))!.AsObject();

        Assert.True(DefinitionJson.DropStaleLayout(definition));
        Assert.Equal(["a"], definition["layout"]!.AsObject().Select(p => p.Key));
        Assert.False(DefinitionJson.DropStaleLayout(definition));
    }
}
