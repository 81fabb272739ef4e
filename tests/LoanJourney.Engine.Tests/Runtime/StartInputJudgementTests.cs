using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A start's input is judged once (round 61, docs/PERFORMANCE.md): a caller that judged it already passes the engine's judgement
/// (<see cref="WorkflowInputSchema.Judge"/>) with the start, and the engine takes it only for the very node it is given against
/// the very version it starts on — otherwise it judges the input itself, as every start was judged before. What is stored is the
/// text judged. Counted per compiled version (<c>WorkflowInputSchema.EvaluationsOf</c>), never timed.
/// </summary>
public sealed class StartInputJudgementTests
{
    private static readonly string Linear = EngineRunTests.Linear;

    [Fact]
    public async Task AStartWithTheEnginesJudgementOfItsInput_IsNotJudgedAgain_AndOneWithoutIsJudgedOnce()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var workflow = engine.Catalog.GetLatest("linear");
        var input = JsonNode.Parse("""{ "name": "Asha" }""");
        var judged = WorkflowInputSchema.Judge(workflow, input);
        Assert.Empty(judged.Errors);
        var before = WorkflowInputSchema.EvaluationsOf(workflow);

        var started = await engine.Client.StartAsync("linear", input, new StartOptions { JudgedInput = judged });
        Assert.Equal(0, WorkflowInputSchema.EvaluationsOf(workflow) - before);
        await engine.Client.StartAsync("linear", JsonNode.Parse("""{ "name": "Ravi" }"""));
        Assert.Equal(1, WorkflowInputSchema.EvaluationsOf(workflow) - before);

        Assert.Equal("""{"name":"Asha"}""", (await engine.Client.GetInstanceInputAsync(started.Id))!.ToJsonString());
    }

    // A judgement is of one node: passed with another input (a bad one), the engine judges that input and refuses it.
    [Fact]
    public async Task AJudgementOfAnotherInput_IsNotTaken_TheStartsOwnInputIsJudged()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var workflow = engine.Catalog.GetLatest("linear");
        var judgedFine = WorkflowInputSchema.Judge(workflow, JsonNode.Parse("""{ "name": "Asha" }"""));

        var ex = await Assert.ThrowsAsync<InputValidationException>(() =>
            engine.Client.StartAsync("linear", JsonNode.Parse("""{ "decision": 5 }"""), new StartOptions { JudgedInput = judgedFine }));

        Assert.Equal([("name", "required"), ("decision", "type")], ex.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, (await engine.Client.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    // A judgement is against one compiled version: one made against another definition of the same id (where "name" is optional)
    // is not taken for the version the start runs on, which requires it.
    [Fact]
    public async Task AJudgementAgainstAnotherVersion_IsNotTaken_TheVersionStartedOnJudges()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var other = Compile(Workflow("linear", Step("a", "Core.End", inputs: """{ "outcome": "Done" }"""), input: """[{ "name": "name", "type": "String" }]"""));
        var input = JsonNode.Parse("{}");
        var judgedElsewhere = WorkflowInputSchema.Judge(other, input);
        Assert.Empty(judgedElsewhere.Errors);

        var ex = await Assert.ThrowsAsync<InputValidationException>(() =>
            engine.Client.StartAsync("linear", input, new StartOptions { JudgedInput = judgedElsewhere }));

        Assert.Equal([("name", "required")], ex.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, (await engine.Client.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    // A refusal in the judgement is the start's refusal, with the same errors.
    [Fact]
    public async Task ARefusingJudgement_RefusesTheStart_WithItsErrors()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var workflow = engine.Catalog.GetLatest("linear");
        var input = JsonNode.Parse("""{ "decision": 5, "nmae": "Asha" }""");
        var judged = WorkflowInputSchema.Judge(workflow, input);

        var ex = await Assert.ThrowsAsync<InputValidationException>(() => engine.Client.StartAsync("linear", input, new StartOptions { JudgedInput = judged }));

        Assert.Equal(judged.Errors, ex.Errors);
        Assert.Equal(WorkflowInputSchema.Validate(workflow, input), ex.Errors);
        Assert.Equal(0, (await engine.Client.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    // What is stored is what was judged: a node changed after its judgement (to a value the schema refuses) does not reach the
    // journey; the text taken when it was judged does.
    [Fact]
    public async Task TheTextJudged_IsWhatTheJourneyStores_EvenIfTheNodeChangesAfter()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var workflow = engine.Catalog.GetLatest("linear");
        var input = JsonNode.Parse("""{ "name": "Asha" }""")!;
        var judged = WorkflowInputSchema.Judge(workflow, input);
        input["name"] = 5;

        var started = await engine.Client.StartAsync("linear", input, new StartOptions { JudgedInput = judged });

        Assert.Equal("""{"name":"Asha"}""", (await engine.Client.GetInstanceInputAsync(started.Id))!.ToJsonString());
    }

    private static CompiledWorkflow Compile(string definition)
    {
        var loader = new DefinitionLoader(new WorkflowCompiler(new ActivityRegistry([new ActivityRegistration(typeof(EndActivity))])));
        var errors = new List<DefinitionError>();
        return loader.LoadText(definition, "test", errors) ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
    }
}
