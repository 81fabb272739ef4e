using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Session 32: an engine first run with the pass-through protector (or a version without encryption) and then started with a
/// key-holding one. Before, the journeys it wrote kept their documents in the clear in the SQLite file: the input for ever,
/// outputs until the journey's next write of them.
/// </summary>
public sealed class PayloadSweepTests
{
    private const string Statement = "BANKSTATEMENTPDFBASE64MARKERJVBERi0xLjcK";
    private const string Pan = "PANCARDIMAGEMARKERABCDE1234F";

    private static readonly string Flow = Workflow("kyc", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "{{$input.statement}}" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "b" }""", """{ "signal": "go" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "after" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, input: """[{ "name": "statement", "type": "String", "required": true }, { "name": "kyc", "type": "String" }]""");

    // The file as VACUUM leaves it (only the live rows hold the documents): after the sweep neither the database file nor its
    // WAL holds a byte of them. What the sweep frees is zeroed (secure_delete) and the WAL's old page images are gone (a
    // TRUNCATE checkpoint), so the sweep leaves no copy of what it protected. The waiting journey then resumes and completes
    // with its input as it was.
    [Fact]
    public async Task AWaitingJourneyWrittenInTheClear_IsProtectedByTheSweep_LeavesNoCopyInTheFiles_AndStillCompletes()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var (started, input) = await StartInTheClearAsync(engine);

        var result = await RestartProtectedAndSweepAsync(engine, () => VacuumAsync(engine));

        Assert.Equal((7L, 6, 0, true), (result.Scanned, result.Protected, result.Skipped, result.FreedSpacePurged));
        AssertNoPlaintext(engine, "engine.db*");
        await AssertResumesAsync(engine, started, input);
    }

    // Copies written before the sweep (an earlier version of a row, left in a page's unused space by a commit before the
    // protector was registered) are not the sweep's to reach: the WAL holds none after it, and the documented VACUUM with the
    // engine stopped removes them from the database file.
    [Fact]
    public async Task AfterTheSweep_TheWalHoldsNoPlaintext_AndVacuumWithTheEngineStoppedLeavesNoneInTheFile()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var (started, input) = await StartInTheClearAsync(engine);

        var result = await RestartProtectedAndSweepAsync(engine, null);

        Assert.Equal((7L, 6, 0, true), (result.Scanned, result.Protected, result.Skipped, result.FreedSpacePurged));
        AssertNoPlaintext(engine, "engine.db-wal");
        await engine.RestartAsync(() => VacuumAsync(engine));
        AssertNoPlaintext(engine, "engine.db*");
        await AssertResumesAsync(engine, started, input);
    }

    // A statement larger than a page (its row spills into overflow pages, as a real document's does), and other journeys beside
    // it, all written by the pass-through protector and waiting for a signal.
    private static async Task<(WorkflowInstance Started, JsonObject Input)> StartInTheClearAsync(EngineHarness engine)
    {
        var input = new JsonObject { ["statement"] = Statement + new string('Q', 12_000), ["kyc"] = Pan };
        var started = await engine.StartAndRunAsync("kyc", input.ToJsonString());
        for (var i = 0; i < 5; i++)
        {
            await engine.StartAndRunAsync("kyc", new JsonObject { ["statement"] = $"OTHER-{i}-" + Statement + new string('R', 6_000) }.ToJsonString());
        }

        Assert.Equal(("wait", WorkflowStatus.Waiting), (started.CurrentStepId, started.Status));
        Assert.Contains(Statement, await RawAsync(engine, "input_json", started.Id), StringComparison.Ordinal);
        Assert.Contains(Statement, await RawAsync(engine, "outputs_json", started.Id), StringComparison.Ordinal);
        return (started, input);
    }

    private static async Task<PayloadSweepResult> RestartProtectedAndSweepAsync(EngineHarness engine, Func<Task>? whileStopped)
    {
        var protector = new TestPayloadProtector();
        engine.ConfigureServices = services => services.AddSingleton<IPayloadProtector>(protector);
        await engine.RestartAsync(whileStopped);

        // Live traffic before the sweep: this journey's commits write pages that still hold the others' plaintext rows into the WAL.
        await engine.StartAndRunAsync("kyc", new JsonObject { ["statement"] = "written protected" }.ToJsonString());
        var result = await engine.Services.GetRequiredService<PayloadSweeper>().RunOnceAsync();
        foreach (var id in await IdsAsync(engine))
        {
            Assert.StartsWith(PayloadProtection.Prefix, await RawAsync(engine, "input_json", id), StringComparison.Ordinal);
            Assert.StartsWith(PayloadProtection.Prefix, await RawAsync(engine, "outputs_json", id), StringComparison.Ordinal);
        }

        return result;
    }

    private static async Task AssertResumesAsync(EngineHarness engine, WorkflowInstance started, JsonObject input)
    {
        await engine.Client.SignalAsync(started.Id, "go", new JsonObject { ["ok"] = true });
        await engine.DrainAsync();
        var done = await engine.Client.GetInstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Completed, "Done"), (done.Status, done.Outcome));
        Assert.Equal(input.ToJsonString(), (await engine.Client.GetInstanceInputAsync(started.Id))?.ToJsonString());
        Assert.Equal(["a:" + input["statement"], "b:after"], engine.Probe.Log.Where(e => e.StartsWith("a:BANK", StringComparison.Ordinal) || e.StartsWith("b:", StringComparison.Ordinal)));
    }

    private static void AssertNoPlaintext(EngineHarness engine, string files)
    {
        SqliteConnection.ClearAllPools();
        var found = Directory.GetFiles(Path.GetDirectoryName(engine.DatabasePath)!, files);
        Assert.NotEmpty(found);
        foreach (var file in found)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var needle in new[] { Statement, Pan })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(file)} holds '{needle}' in the clear");
            }
        }
    }

    private static SqliteConnection Open(EngineHarness engine) => new($"Data Source={engine.DatabasePath};Pooling=False");

    private static async Task VacuumAsync(EngineHarness engine)
    {
        await using var connection = Open(engine);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<string>> IdsAsync(EngineHarness engine)
    {
        await using var connection = Open(engine);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM instances";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<string> RawAsync(EngineHarness engine, string column, string id)
    {
        await using var connection = Open(engine);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM instances WHERE id = '{id}'";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
