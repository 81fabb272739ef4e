using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class LeaseTests
{
    private static readonly string LongStep = Workflow("long", $"""
        {Step("a", "Test.Record", """{ "Done": "end" }""")},
        {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """);

    [Fact]
    public async Task LongActivity_RenewsItsLease_AndNoOtherClaimerTakesTheInstance()
    {
        await using var engine = await EngineHarness.StartAsync(LongStep);
        var gate = new TaskCompletionSource();
        engine.Probe.Gate = gate;
        var instance = await engine.Client.StartAsync("long", null);
        var drain = engine.DrainAsync();
        await engine.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var claimedAt = engine.Clock.GetUtcNow();
        Assert.Equal(claimedAt + TimeSpan.FromMinutes(1), (await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseExpiresAt);

        // Renewal runs every LeaseDuration / 3 (20 s); go three lease durations past the claim, one period at a time.
        for (var i = 0; i < 9; i++)
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(20));
            var expected = engine.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
            await engine.WaitForLeaseExpiryAsync(instance.Id, expected);
        }

        var now = engine.Clock.GetUtcNow();
        Assert.True(now > claimedAt + TimeSpan.FromMinutes(1), "the first lease would have expired by now");
        Assert.Null(await engine.Store.TryClaimAsync(instance.Id, "intruder", now, now + TimeSpan.FromMinutes(1), default));
        Assert.Empty(await engine.Store.ClaimReadyAsync("intruder", now, now + TimeSpan.FromMinutes(1), 10, default));

        gate.SetResult();
        await drain;
        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:"], engine.Probe.Log);
        Assert.Null((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner);
    }

    [Fact]
    public async Task RunnerInternalFailure_ReleasesTheLease_AndRetriesAfterTheBackOff()
    {
        await using var engine = await EngineHarness.StartAsync();
        var now = engine.Clock.GetUtcNow();
        var record = new InstanceRecord
        {
            Id = "late-1", WorkflowId = "late", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "a", ReadyAt = now, CreatedAt = now, UpdatedAt = now,
        };
        await engine.Store.CreateInstanceAsync(record, new JournalRecord(0, record.Id, now, JournalKinds.InstanceStarted, null, null, null), default);

        // Its definition is missing: an internal failure of the runner, not an activity failure.
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => engine.DrainAsync());
        var deferred = (await engine.Store.GetInstanceAsync(record.Id, default))!;
        Assert.Null(deferred.LeaseOwner);
        Assert.Null(deferred.LeaseExpiresAt);
        Assert.Equal(now + TimeSpan.FromSeconds(5), deferred.ReadyAt);
        Assert.Equal(0, await engine.DrainAsync());

        // The cause goes away; the instance runs after the back-off, long before the one-minute lease would have expired.
        engine.WriteDefinition("late.json", Workflow("late", $"""
            {Step("a", "Test.Record", """{ "Done": "end" }""")},
            {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
            """));
        await engine.Catalog.ReloadAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(5));
        var done = await engine.Client.GetInstanceAsync(record.Id);
        Assert.Equal((WorkflowStatus.Completed, "Done"), (done.Status, done.Outcome));
        Assert.Equal(["a:"], engine.Probe.Log);
    }
}
