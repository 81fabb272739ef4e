using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// Session 32: payloads written in the clear before a key-holding protector was registered are protected by a background
/// sweep (<see cref="PayloadSweeper"/>). Before, they stayed in the clear: the input for ever (nothing rewrites it), outputs and
/// pending stimulus until the journey's next write of them.
/// </summary>
public abstract partial class WorkflowStoreContractTests
{
    private PayloadSweeper Sweeper() => new(Store, Protector, null, TimeProvider.System, NullLogger<PayloadSweeper>.Instance);

    private Task<string?> RawAsync(string column, string id) => ReadRawTextAsync($"SELECT {column} FROM instances WHERE id = '{id}'");

    private static string Sql(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Three windows of two over four journeys: one with all three columns in the clear, one with its outputs only, one already
    // protected, one redacted (its plaintext is left exactly as it is). Version and updated_at do not move (a runner's commit
    // fenced on the version is not disturbed, the change feed sees nothing); what reads back is what was written; a second
    // pass protects nothing again.
    [Fact]
    public async Task PayloadsStoredInTheClear_AreProtectedByTheSweep_ReadBackEqual_AndRedactedJourneysAreLeftAlone()
    {
        const string statement = "SWEEP-STATEMENT-MARKER-5150";
        const string offer = "SWEEP-OFFER-MARKER-6160";
        const string reupload = "SWEEP-REUPLOAD-MARKER-7170";
        var input = new JsonObject { ["statement"] = statement }.ToJsonString();
        var outputs = new JsonObject { ["bre"] = new JsonObject { ["offer"] = offer } }.ToJsonString();
        var pending = new PendingStimulus(BookmarkKind.Signal, "reupload-statement", "reupload-statement",
            new JsonObject { ["files"] = new JsonArray(reupload) }.ToJsonString(), null).ToJson();
        foreach (var id in new[] { "a-all", "b-outputs", "c-protected", "d-redacted" })
        {
            await CreateAsync(id);
        }

        await ExecuteRawAsync($"UPDATE instances SET input_json = {Sql(input)}, outputs_json = {Sql(outputs)}, pending_stimulus_json = {Sql(pending)} WHERE id = 'a-all'");
        await ExecuteRawAsync($"UPDATE instances SET outputs_json = {Sql(outputs)} WHERE id = 'b-outputs'");
        await ExecuteRawAsync($"UPDATE instances SET input_json = '{{}}', outputs_json = {Sql(outputs)}, redacted_at = 1 WHERE id = 'd-redacted'");
        var protectedBefore = await ReadRawPayloadColumnsAsync("c-protected");
        var versions = await RawAsync("version || ':' || updated_at", "a-all");

        var result = await Sweeper().RunOnceAsync(2, default);

        Assert.Equal((4L, 2, 0), (result.Scanned, result.Protected, result.Skipped));
        var a = await ReadRawPayloadColumnsAsync("a-all");
        AssertProtected(a.Input, statement);
        AssertProtected(a.Outputs, offer);
        AssertProtected(a.PendingStimulus, reupload);
        AssertProtected((await ReadRawPayloadColumnsAsync("b-outputs")).Outputs, offer);
        Assert.Equal(protectedBefore, await ReadRawPayloadColumnsAsync("c-protected"));
        Assert.Equal(("{}", outputs, (string?)null), await ReadRawPayloadColumnsAsync("d-redacted"));
        Assert.Equal(versions, await RawAsync("version || ':' || updated_at", "a-all"));
        var read = (await Store.GetInstanceAsync("a-all", default))!;
        Assert.Equal((input, outputs, pending), (read.InputJson, read.OutputsJson, read.PendingStimulusJson));
        Assert.Equal(outputs, (await Store.GetInstanceAsync("b-outputs", default))!.OutputsJson);

        // The complete pass was recorded: the next one reads nothing (session 38; it walked every journey again).
        Assert.True(result.Marked);
        var again = await Sweeper().RunOnceAsync(2, default);
        Assert.Equal((0L, 0, false, true), (again.Scanned, again.Protected, again.FreedSpacePurged, again.AlreadyComplete));
        Assert.Equal(a, await ReadRawPayloadColumnsAsync("a-all"));
    }

    // Session 38: each start walked every journey (1-2 s per 100,000) to find none in the clear. A complete pass is recorded per
    // store; the next pass reads one row. A store that does not encrypt starting on the same database (a node without keys, a
    // version without encryption) may write in the clear: the record no longer holds, and the next pass walks and protects again.
    [Fact]
    public async Task ACompleteSweep_IsRemembered_UntilAStoreThatDoesNotEncryptStartsOnTheDatabase()
    {
        await CreateAsync("a");
        await WriteRawInputAsync("a", """{"legacy":"A"}""");
        var first = await Sweeper().RunOnceAsync(default);
        Assert.Equal((1L, 1, true), (first.Scanned, first.Protected, first.Marked));

        var second = await Sweeper().RunOnceAsync(default);
        Assert.Equal((0L, true), (second.Scanned, second.AlreadyComplete));

        // A store with keys starting does not move it; one without keys does, and what it writes is swept again.
        using (var keyed = (IDisposable)CreateStoreOnTheSameDatabase(Protector))
        {
            await ((IWorkflowStore)keyed).InitializeAsync(default);
        }

        Assert.True((await Sweeper().RunOnceAsync(default)).AlreadyComplete);
        using (var plain = (IDisposable)CreateStoreOnTheSameDatabase(PassThroughPayloadProtector.Instance))
        {
            var store = (IWorkflowStore)plain;
            await store.InitializeAsync(default);
            await store.CreateInstanceAsync(NewInstance("b") with { InputJson = """{"legacy":"B"}""" }, Started("b"), default);
        }

        var third = await Sweeper().RunOnceAsync(default);
        Assert.Equal((2L, 1, true, false), (third.Scanned, third.Protected, third.Marked, third.AlreadyComplete));
        Assert.StartsWith(PayloadProtection.Prefix, (await ReadRawPayloadColumnsAsync("b")).Input, StringComparison.Ordinal);
        Assert.True((await Sweeper().RunOnceAsync(default)).AlreadyComplete);
    }

    // A sweep that started before a store without keys did is not recorded as complete: that store may have written in the clear
    // behind it (a journey whose id the sweep had passed).
    [Fact]
    public async Task ASweepOverlappingTheStartOfAStoreThatDoesNotEncrypt_IsNotRecorded()
    {
        var before = await Store.GetPayloadSweepMarkAsync(default);
        using (var plain = (IDisposable)CreateStoreOnTheSameDatabase(PassThroughPayloadProtector.Instance))
        {
            await ((IWorkflowStore)plain).InitializeAsync(default);
        }

        Assert.False(await Store.MarkPayloadSweepCompleteAsync(before.Generation, default));
        Assert.False((await Store.GetPayloadSweepMarkAsync(default)).Complete);
        Assert.True(await Store.MarkPayloadSweepCompleteAsync((await Store.GetPayloadSweepMarkAsync(default)).Generation, default));
        Assert.True((await Store.GetPayloadSweepMarkAsync(default)).Complete);
    }

    // A runner holds the journey (claimed with its plaintext outputs) while the sweep reads, protects and writes. Whichever
    // commits first, nothing is lost: a commit between the sweep's read and its write keeps its newer outputs (the sweep's
    // compare-and-set leaves a changed column alone and still protects the input, which nothing rewrites); a sweep that writes
    // first leaves the version and the lease as they were, so the runner's commit fenced on them goes through and wins.
    [Fact]
    public async Task ARunnerCommitRacingTheSweep_LosesNothing_WhicheverComesFirst()
    {
        const string statement = "RACE-STATEMENT-MARKER-8180";
        var input = new JsonObject { ["statement"] = statement }.ToJsonString();
        var plainOutputs = new JsonObject { ["first"] = "PLAIN-OUTPUT-MARKER-1" }.ToJsonString();
        var newer = new JsonObject { ["first"] = "PLAIN-OUTPUT-MARKER-1", ["second"] = "NEWER-OUTPUT-MARKER-2" }.ToJsonString();
        var newest = new JsonObject { ["third"] = "NEWEST-OUTPUT-MARKER-3" }.ToJsonString();
        await CreateAsync("i");
        await ExecuteRawAsync($"UPDATE instances SET input_json = {Sql(input)}, outputs_json = {Sql(plainOutputs)} WHERE id = 'i'");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("n", claimed.LeaseToken);
        Assert.Equal((input, plainOutputs), (claimed.InputJson, claimed.OutputsJson));

        // The sweep reads, then the runner commits, then the sweep writes.
        var read = Assert.Single(await Store.ReadPlaintextPayloadsAsync(["i"], default));
        Assert.Equal((input, plainOutputs, (string?)null), (read.Input, read.Outputs, read.PendingStimulus));
        var committed = await Store.CommitAsync(Commit(claimed with { OutputsJson = newer }, fence) with { ReleaseLease = false }, default);
        var storedNewer = (await ReadRawPayloadColumnsAsync("i")).Outputs;
        var changed = await Store.ReplacePlaintextPayloadsAsync(
            [new PayloadReplacement(read, new StoredPayloads("i", Protector.Protect(read.Input!), Protector.Protect(read.Outputs!), null))], default);

        Assert.Equal(["i"], changed);
        var raw = await ReadRawPayloadColumnsAsync("i");
        AssertProtected(raw.Input, statement);
        Assert.Equal(storedNewer, raw.Outputs);
        Assert.Equal((input, newer), ((await Store.GetInstanceAsync("i", default))!.InputJson, (await Store.GetInstanceAsync("i", default))!.OutputsJson));

        // The sweep writes first (outputs in the clear again, as a pass-through node would have left them), then the runner
        // commits at the version it holds: accepted, its outputs stored.
        await ExecuteRawAsync($"UPDATE instances SET outputs_json = {Sql(newer)} WHERE id = 'i'");
        Assert.Equal(1, (await Sweeper().RunOnceAsync(default)).Protected);
        AssertProtected((await ReadRawPayloadColumnsAsync("i")).Outputs, "NEWER-OUTPUT-MARKER-2");
        var current = claimed with { OutputsJson = newest, Version = committed.NewVersion };
        await Store.CommitAsync(Commit(current, fence) with { ReleaseLease = false }, default);

        var final = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal((input, newest), (final.InputJson, final.OutputsJson));
        AssertProtected((await ReadRawPayloadColumnsAsync("i")).Outputs, "NEWEST-OUTPUT-MARKER-3");

        // A read whose every column has changed since writes nothing.
        var stale = new StoredPayloads("i", input, plainOutputs, null);
        Assert.Empty(await Store.ReplacePlaintextPayloadsAsync([new PayloadReplacement(stale, new StoredPayloads("i", "{}", "{}", null))], default));
        Assert.Equal((input, newest), ((await Store.GetInstanceAsync("i", default))!.InputJson, (await Store.GetInstanceAsync("i", default))!.OutputsJson));
    }

    // A store whose protector does not encrypt (the engine's default) has nothing to sweep and writes nothing.
    [Fact]
    public async Task TheSweep_WithAPassThroughProtector_WritesNothing()
    {
        await CreateAsync("i");
        await WriteRawInputAsync("i", """{"legacy":true}""");

        var result = await new PayloadSweeper(Store, PassThroughPayloadProtector.Instance, null, TimeProvider.System, NullLogger<PayloadSweeper>.Instance).RunOnceAsync(default);

        Assert.Equal((0L, 0), (result.Scanned, result.Protected));
        Assert.Equal("""{"legacy":true}""", (await ReadRawPayloadColumnsAsync("i")).Input);
    }
}
