using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Round 56 (docs/PERFORMANCE.md): a run keeps its parsed input, outputs and committed variables between its steps (ParsedRow), read
/// only by the bindings, which copy what they resolve; an activity's variables are its own object, parsed when it first reads them,
/// and a step that never reads them commits the variables' text as it is. These pin that nothing an activity holds is shared with
/// what the run keeps: what it changes in its inputs, or in a variables object it kept past its step, changes neither the committed
/// state nor the next step's view; a failed step's writes vanish; and (the guard) the variables are not written again by a step that
/// never read them.
/// </summary>
public sealed class ParsedStateTests
{
    private const string Variables = """{ "profile": { "name": "Asha", "pan": "ABCDE1234F" }, "status": "new" }""";

    [Fact]
    public async Task AnActivityChangingItsInputsOrAVariablesObjectItKept_ChangesNeitherTheCommittedStateNorTheNextStepsView()
    {
        var seen = new Seen();
        await using var engine = await EngineHarness.StartAsync(null, services => Register(services, seen), Workflow("tamper", $$"""
            {{Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "first" }""")}},
            {{Step("b", "Test.Tamper", """{ "Done": "c" }""", """{ "profile": "$vars.profile", "prev": "$steps.a.output", "all": "$input" }""")}},
            {{Step("c", "Test.Peek", """{ "Done": "d" }""", """{ "profile": "$vars.profile", "prev": "$steps.a.output", "input": "$input" }""")}},
            {{Step("d", "Test.Peek", inputs: """{ "profile": "$vars.profile", "prev": "$steps.a.output", "input": "$input" }""")}}
            """, input: """[{ "name": "amount", "type": "Number" }]""", variables: Variables));

        var instance = await engine.StartAndRunAsync("tamper", """{ "amount": 50000 }""");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        // c and d ran in the same run as b (no commit in between needed a new run): each saw what was committed, not what b changed
        // in its inputs or, after its step, in the variables object it kept (Test.Peek changes that object before it reads).
        Assert.Equal(
            [
                "c: profile Asha/Asha, prev.n 1, prev.label first, input 50000, status tampered-by-b",
                "d: profile Asha/Asha, prev.n 1, prev.label first, input 50000, status tampered-by-b",
            ],
            seen.Lines);
        Assert.Equal("Asha", instance.Variables["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("tampered-by-b", instance.Variables["status"]!.GetValue<string>());
        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        var outputs = JsonNode.Parse(stored!.OutputsJson)!;
        Assert.Equal(1, outputs["a"]!["n"]!.GetValue<int>());
        Assert.Equal("first", outputs["a"]!["label"]!.GetValue<string>());
        Assert.Equal(50000, JsonNode.Parse(stored.InputJson)!["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task AFailedStepsWritesToTheVariablesVanish_TheRetryAndTheCommittedRowSeeWhatWasCommitted()
    {
        var seen = new Seen();
        await using var engine = await EngineHarness.StartAsync(null, services => Register(services, seen), Workflow("spoil", $$"""
            {{Step("a", "Test.Tamper", """{ "Done": "b" }""", """{ "profile": "$vars.profile", "prev": "$vars.status", "all": "$input" }""")}},
            {{Step("b", "Test.Spoil", inputs: """{ "profile": "$vars.profile" }""", extra: """, "retry": { "maxAttempts": 2, "initialDelay": "00:00:05" }""")}}
            """, variables: Variables));

        var instance = await engine.StartAndRunAsync("spoil");

        // Attempt 1 of b changed the variables in place and by SetVariable, then failed: nothing of it is committed.
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);
        var afterFailure = await engine.Store.GetInstanceAsync(instance.Id, default);
        var committed = JsonNode.Parse(afterFailure!.VariablesJson)!;
        Assert.Equal("Asha", committed["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("tampered-by-b", committed["status"]!.GetValue<string>());
        Assert.False(committed.AsObject().ContainsKey("half"));

        await engine.AdvanceAsync(TimeSpan.FromSeconds(5));
        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(
            [
                "b attempt 1: profile Asha (bound Asha), status tampered-by-b, half null",
                "b attempt 2: profile Asha (bound Asha), status tampered-by-b, half null",
            ],
            seen.Lines);
        Assert.Equal("done", done.Variables["half"]!.GetValue<string>());
        Assert.Equal("Asha", done.Variables["profile"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStepThatNeverReadsTheVariables_CommitsTheirTextAsItIs_NotWrittenAgain()
    {
        // Regression guard (structural, not timed): main 85a6779c parsed the variables at every step and wrote them again at every
        // step that commits them (a new string each time: 5 of these 5 commits); round 56 keeps the committed text (0 of 5).
        var seen = new Seen();
        await using var engine = await EngineHarness.StartAsync(null, services =>
        {
            Register(services, seen);
            StoreHook.Register(services);
        }, Workflow("plain", $$"""
            {{Step("a", "Test.Record", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "c" }""", """{ "label": "$vars.status" }""")}},
            {{Step("c", "Test.Record", """{ "Done": "d" }""")}},
            {{Step("d", "Test.Record", """{ "Done": "e" }""", """{ "label": "$steps.b.output.label" }""")}},
            {{Step("e", "Test.Record")}}
            """, variables: Variables));

        var commits = new ConcurrentQueue<InstanceCommit>();
        engine.Services.GetRequiredService<StoreHook>().Commits = commits;
        var instance = await engine.StartAndRunAsync("plain");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        var steps = commits.Where(c => c.Previous is not null && c.State.Id == instance.Id).ToList();
        Assert.Equal(5, steps.Count);
        Assert.Equal(0, steps.Count(c => !ReferenceEquals(c.State.VariablesJson, c.Previous!.VariablesJson)));
        Assert.Equal("new", JsonNode.Parse(steps[^1].State.OutputsJson)!["d"]!["label"]!.GetValue<string>());
    }

    private static void Register(IServiceCollection services, Seen seen)
    {
        services.AddSingleton(seen);
        services.AddActivity<TamperActivity>();
        services.AddActivity<PeekActivity>();
        services.AddActivity<SpoilActivity>();
    }

    /// <summary>What the activities below saw, in order; and the variables object <see cref="TamperActivity"/> kept past its step.</summary>
    public sealed class Seen
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public JsonObject? Kept { get; set; }

        public void Add(string line) => _lines.Enqueue(line);
    }

    /// <summary>Changes everything it was given: its inputs (resolved from the variables, a step's output and all the variables) and the variables in place, keeping that object.</summary>
    [Activity("Test.Tamper")]
    [ActivityInput("profile", ActivityValueType.Any)]
    [ActivityInput("prev", ActivityValueType.Any)]
    [ActivityInput("all", ActivityValueType.Any)]
    public sealed class TamperActivity(Seen seen) : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            context.Inputs["profile"]!["name"] = "tampered-input";
            if (context.Inputs["prev"] is JsonObject prev)
            {
                prev["n"] = 999;
                prev["label"] = "tampered-input";
            }

            if (context.GetInput("all") is JsonObject all)
            {
                all["amount"] = 1;
            }

            context.SetVariable("status", "tampered-by-b");
            seen.Kept = context.Variables;
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>Changes the variables object the step before it kept, then says what it sees, and keeps its own.</summary>
    [Activity("Test.Peek")]
    [ActivityInput("profile", ActivityValueType.Any)]
    [ActivityInput("prev", ActivityValueType.Any)]
    [ActivityInput("input", ActivityValueType.Any)]
    public sealed class PeekActivity(Seen seen) : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            if (seen.Kept is { } kept)
            {
                kept["profile"]!["name"] = "tampered-after-its-step";
                kept["status"] = "tampered-after-its-step";
            }

            seen.Add($"{context.StepId}: profile {context.GetInput("profile")!["name"]}/{context.GetVariable("profile")!["name"]}, prev.n {context.GetInput("prev")!["n"]}, "
                + $"prev.label {context.GetInput("prev")!["label"]}, input {context.GetInput("input")!["amount"]}, status {context.GetVariable("status")}");
            seen.Kept = context.Variables;
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>Says what it sees; on attempt 1 changes the variables in place and by SetVariable, then fails (retryable).</summary>
    [Activity("Test.Spoil")]
    [ActivityInput("profile", ActivityValueType.Any)]
    public sealed class SpoilActivity(Seen seen) : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            seen.Add($"{context.StepId} attempt {context.Attempt}: profile {context.GetVariable("profile")!["name"]} (bound {context.GetInput("profile")!["name"]}), "
                + $"status {context.GetVariable("status")}, half {context.GetVariable("half")?.ToJsonString() ?? "null"}");
            if (context.Attempt == 1)
            {
                context.Variables["profile"]!["name"] = "partial";
                context.SetVariable("half", "written-before-the-failure");
                context.Variables.Remove("status");
                return ValueTask.FromResult(ActivityResult.Fail("LenderDown", "attempt 1 fails after writing"));
            }

            context.SetVariable("half", "done");
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }
}
