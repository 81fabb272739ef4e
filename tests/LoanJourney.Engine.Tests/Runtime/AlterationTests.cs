using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class AlterationTests
{
    private static readonly string Flow = Workflow("alt", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "one" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "b" }""", """{ "signal": "go" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "{{$vars.label}}" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, variables: """{ "label": "default", "count": 0, "anything": null }""");

    private static readonly string Money = Workflow("money", $$"""
        {{Step("pay", "Test.Once", """{ "Done": "end" }""", extra: """, "retry": { "maxAttempts": 1 }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, start: "pay");

    [Fact]
    public async Task GoTo_ContinuesFromTheStep_DropsTheWait_AndJournalsWhoAndWhy()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("alt");

        await engine.Client.GoToStepAsync(instance.Id, "b", "ops@lender", "borrower confirmed by phone");
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:one", "b:default"], engine.Probe.Log);
        var entry = Assert.Single((await engine.Client.ReadJournalAsync(instance.Id, 0, 100)).Items, e => e.Kind == JournalKinds.WentToStep);
        Assert.Equal(("wait", "b", "ops@lender", "borrower confirmed by phone"),
            (entry.Data!["fromStep"]!.GetValue<string>(), entry.Data["toStep"]!.GetValue<string>(), entry.Data["by"]!.GetValue<string>(), entry.Data["reason"]!.GetValue<string>()));
    }

    /// <summary>A journey parked on this node's poll timer keeps its lease between polls; a goto used to answer instance_busy for as long as it polled.</summary>
    [Fact]
    public async Task GoTo_AJourneyParkedOnThisNodesPollTimer_TakesItFromTheTimer()
    {
        var polling = Workflow("polling", $$"""
            {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "{{$vars.label}}" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "poll", variables: """{ "label": "default" }""");
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1), polling);
        var instance = await engine.StartAndRunAsync("polling");
        Assert.Equal(("test-node", 1), ((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner, engine.Dispatcher.ParkedCount));

        await engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["label"] = "set" }, "ops@lender", "lender confirmed by phone");
        await engine.Client.GoToStepAsync(instance.Id, "b", "ops@lender", "lender confirmed by phone");
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["trigger", "b:set"], engine.Probe.Log);
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
    }

    /// <summary>The same journey with its poll in flight (the timer fired, the run out of the parked set): a goto waits for it to park again.</summary>
    [Fact]
    public async Task GoTo_AJourneyWhosePollIsInFlightOnThisNode_WaitsForThePollToParkAgain()
    {
        var polling = Workflow("polling", $$"""
            {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "after" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "poll");
        await using var engine = await EngineHarness.StartAsync(o =>
        {
            o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1);
            o.ReleaseWait = TimeSpan.FromMinutes(1); // on the wall clock: a loaded machine must not end it early
        }, polling);
        var instance = await engine.StartAndRunAsync("polling");
        engine.Probe.PollGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        var poll = engine.DrainAsync();
        await engine.Probe.PollEntered.Task;

        var goTo = engine.Client.GoToStepAsync(instance.Id, "b", "ops@lender", "lender confirmed by phone");
        Assert.False(goTo.IsCompleted);
        engine.Probe.PollGate.SetResult();
        await poll;
        await goTo;
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["trigger", "poll1", "b:after"], engine.Probe.Log);
    }

    /// <summary>
    /// A journey parked on this node's poll timer whose poll falls due as the alteration gives the lease back: the poll's commit lands
    /// between the alteration's check and its commit (the hook runs the dispatcher there). It answered instance_busy; the alteration
    /// now reads, checks and commits the journey again.
    /// </summary>
    [Theory]
    [InlineData("goto")]
    [InlineData("variables")]
    public async Task Alteration_WhenThePollLandsBetweenItsCheckAndItsCommit_AppliesOnTheNextRead(string alteration)
    {
        var polling = Workflow("polling", $$"""
            {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "{{$vars.label}}" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "poll", variables: """{ "label": "default" }""");
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1), StoreHook.Register, polling);
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var instance = await engine.StartAndRunAsync("polling");
        engine.Clock.Advance(TimeSpan.FromSeconds(30)); // poll 1 due, not run yet
        hook.BeforeOperatorCommit = async _ =>
        {
            hook.BeforeOperatorCommit = null;
            await engine.DrainAsync();
        };

        await (alteration == "goto"
            ? engine.Client.GoToStepAsync(instance.Id, "b", "ops@lender", "lender confirmed by phone")
            : engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["label"] = "set" }, "ops@lender", "lender confirmed by phone"));

        Assert.Equal(2, hook.OperatorCommits);
        Assert.Equal(["trigger", "poll1"], engine.Probe.Log);
        for (var i = 0; i < 2; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(alteration == "goto" ? ["trigger", "poll1", "b:default"] : ["trigger", "poll1", "poll2", "poll3", "b:set"], engine.Probe.Log);
    }

    [Fact]
    public async Task GoTo_AnUnknownStep_IsInvalidAndNamesTheField()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("alt");

        var error = await Assert.ThrowsAsync<AlterationInvalidException>(() => engine.Client.GoToStepAsync(instance.Id, "nowhere", "ops", "r"));

        Assert.Equal("stepId", error.Field);
        Assert.Equal("wait", (await engine.Client.GetInstanceAsync(instance.Id)).CurrentStepId);
    }

    [Fact]
    public async Task SetVariables_ChecksNamesAndTypes_ThenTheJourneyUsesThem()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("alt");

        var unknown = await Assert.ThrowsAsync<AlterationInvalidException>(() => engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["nope"] = 1 }, "ops", "r"));
        var wrongType = await Assert.ThrowsAsync<AlterationInvalidException>(() => engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["count"] = "three" }, "ops", "r"));
        await engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["label"] = "fixed", ["count"] = 3, ["anything"] = new JsonObject { ["x"] = 1 } }, "ops", "typo in the name");
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();

        Assert.Equal("set.nope", unknown.Field);
        Assert.Equal("set.count", wrongType.Field);
        Assert.Equal(["a:one", "b:fixed"], engine.Probe.Log);
        var entry = Assert.Single((await engine.Client.ReadJournalAsync(instance.Id, 0, 100)).Items, e => e.Kind == JournalKinds.VariablesSet);
        Assert.Equal(["label", "count", "anything"], entry.Data!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("ops", entry.Data["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task GoTo_WithAnUnresolvedOnceOnlyIntent_IsRefusedAndShowsTheIntent()
    {
        await using var engine = await EngineHarness.StartAsync(Money);
        var instance = await engine.StartAndRunAsync("money");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);

        var refused = await Assert.ThrowsAsync<UnresolvedIntentException>(() => engine.Client.GoToStepAsync(instance.Id, "pay", "ops", "try again"));

        Assert.Equal(("disburse", "pay"), (refused.Intents.Single().Key, refused.Intents.Single().StepId));
        Assert.Equal(["send"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Faulted, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    /// <summary>
    /// Tryout (session 24): while the partner's token share (once-only) retried, its account variable was edited and the resend
    /// told the partner the new value. A variable the unsettled call's step reads is refused; any other may still be set.
    /// </summary>
    [Fact]
    public async Task SetVariables_ThatAnUnsettledOnceOnlyCallReads_IsRefused_OthersAreSet()
    {
        var share = Workflow("share", $$"""
            {{Step("pay", "Test.Once", """{ "Done": "end" }""", """{ "amount": "{{$vars.account}}-{{$vars.accountSuffix}}" }""", """, "retry": { "maxAttempts": 1 }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "pay", variables: """{ "account": "LAN-1", "accountSuffix": "A", "acc": "x", "note": "" }""");
        await using var engine = await EngineHarness.StartAsync(share);
        var instance = await engine.StartAndRunAsync("share");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);

        var refused = await Assert.ThrowsAsync<UnresolvedIntentException>(() =>
            engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["note"] = "n", ["account"] = "ATTACKER-ACCT" }, "ops", "typo fix"));
        await engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["note"] = "called the partner", ["acc"] = "y" }, "ops", "note");

        Assert.Equal(("disburse", "pay"), (refused.Intents.Single().Key, refused.Intents.Single().StepId));
        Assert.Contains("$vars.account,", refused.Message + ",", StringComparison.Ordinal);
        Assert.DoesNotContain("$vars.note", refused.Message, StringComparison.Ordinal);
        var variables = (await engine.Client.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal(("LAN-1", "called the partner", "y"), (variables["account"]!.GetValue<string>(), variables["note"]!.GetValue<string>(), variables["acc"]!.GetValue<string>()));
    }

    // limit → block (once-only, done) → otp (waits) → pay; and a loop: ship (waits) → part (once-only) → ship again.
    private static readonly string Blocked = Workflow("blocked", $$"""
        {{Step("a", "Test.Record", """{ "Done": "block" }""", """{ "label": "limit" }""")}},
        {{Step("block", "Test.Pay", """{ "Done": "otp" }""")}},
        {{Step("otp", "Core.WaitForSignal", """{ "Received": "ship" }""", """{ "signal": "go" }""")}},
        {{Step("ship", "Core.WaitForSignal", """{ "Received": "part" }""", """{ "signal": "shipped" }""")}},
        {{Step("part", "Test.Pay", """{ "Done": "ship" }""")}}
        """);

    [Fact]
    public async Task GoTo_BeforeACompletedOnceOnlyStep_IsRefused_ItWouldSendItAgain()
    {
        await using var engine = await EngineHarness.StartAsync(Blocked);
        var instance = await engine.StartAndRunAsync("blocked");
        Assert.Equal("otp", instance.CurrentStepId);

        var refused = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.GoToStepAsync(instance.Id, "a", "ops", "recheck the limit"));
        await engine.DrainAsync();

        Assert.Contains("'block' (Test.Pay)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["a:limit", "block:send"], engine.Probe.Log);
        Assert.Equal("otp", (await engine.Client.GetInstanceAsync(instance.Id)).CurrentStepId);
    }

    [Fact]
    public async Task GoTo_WithinALoopTheJourneyIsIn_IsAllowed_ItsOnceOnlyStepRunsOncePerTurnAnyway()
    {
        await using var engine = await EngineHarness.StartAsync(Blocked);
        var instance = await engine.StartAndRunAsync("blocked");
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        await engine.Client.SignalAsync(instance.Id, "shipped", null);
        await engine.DrainAsync();
        Assert.Equal("ship", (await engine.Client.GetInstanceAsync(instance.Id)).CurrentStepId); // part done once, waiting again

        await engine.Client.GoToStepAsync(instance.Id, "ship", "ops", "wait for the next shipment afresh");
        await engine.DrainAsync();

        Assert.Equal(["a:limit", "block:send", "part:send"], engine.Probe.Log);
        Assert.Equal("ship", (await engine.Client.GetInstanceAsync(instance.Id)).CurrentStepId);
    }

    [Fact]
    public async Task Alterations_OnACompletedJourney_AreRefused()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("alt");
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();

        await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.GoToStepAsync(instance.Id, "a", "ops", "r"));
        await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["label"] = "x" }, "ops", "r"));
    }
}
