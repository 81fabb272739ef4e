using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// <see cref="Runtime.RunnerFailureTests"/> on PostgreSQL, where the failure was found (session 51: a step commit refused for good,
/// <c>22021</c>), and across nodes: the count of a journey's consecutive runner failures is the journey's, in the store (session
/// 52), so a node's restart or another node's claim goes on from it instead of starting again at 0 with
/// <see cref="EngineOptions.RunnerFailureLimit"/> runs more. A trigger refuses the step's commit, as the database refused a row.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresRunnerFailureTests(PostgresServer server) : PostgresNodeTests(server)
{
    // 5 s, doubled per consecutive failure, at most 5 min: the back-off after the 1st to the 7th failure.
    private static readonly int[] BackoffSeconds = [5, 10, 20, 40, 80, 160, 300];

    private readonly FakeTimeProvider _clock = new(EngineHarness.Start);

    protected override IEnumerable<(string File, string Json)> Workflows() =>
    [
        ("poison.json", Workflow("poison", $$"""
            {{Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "one" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """)),
    ];

    [Fact]
    public async Task AStepWhoseCommitPostgresRefusesForGood_IsFaultedRunnerFailing_AtTheLimit()
    {
        await using var node = await NodeAsync("node-1");
        await PoisonAsync("a");
        var instance = await node.Client.StartAsync("poison", null);

        for (var failure = 1; failure <= 8; failure++)
        {
            await FailOnceAsync(node);
            _clock.Advance(failure < 8 ? TimeSpan.FromSeconds(BackoffSeconds[failure - 1]) : TimeSpan.FromHours(1));
        }

        Assert.Equal(0, await node.Dispatcher.DrainAsync());
        var faulted = await node.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Faulted, "a", WorkflowRunner.RunnerFailing), (faulted.Status, faulted.CurrentStepId, faulted.Incident?.ErrorKind));
        Assert.Equal("The journey's run failed 8 times in a row outside its activity (last: PostgresException, SqlState 22021), so the engine " +
            "stopped running its step again. Fix the cause (the node's log has the error, event 3022), then retry.", faulted.Incident!.Message);
        Assert.Equal(8, Runs(node));
    }

    [Fact]
    public async Task TheCount_SurvivesANodesRestart_AndAnotherNodesClaim_SoTheLimitHoldsForTheJourney()
    {
        var first = await NodeAsync("node-1");
        await PoisonAsync("a");
        var instance = await first.Client.StartAsync("poison", null);
        for (var failure = 1; failure <= 3; failure++)
        {
            await FailAndCheckBackoffAsync(first, instance.Id, failure);
        }

        // node-1 restarts: its 4th run is backed off as the 4th failure (40 s), not as a first (5 s).
        var runs = Runs(first);
        await first.DisposeAsync();
        await using (var restarted = await NodeAsync("node-1"))
        {
            for (var failure = 4; failure <= 5; failure++)
            {
                await FailAndCheckBackoffAsync(restarted, instance.Id, failure);
            }

            runs += Runs(restarted);
        }

        // node-2 claims it next and goes on from 5: its third run is the journey's 8th, which faults it.
        await using var other = await NodeAsync("node-2");
        for (var failure = 6; failure <= 7; failure++)
        {
            await FailAndCheckBackoffAsync(other, instance.Id, failure);
        }

        await FailOnceAsync(other);
        var faulted = await other.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Faulted, WorkflowRunner.RunnerFailing), (faulted.Status, faulted.Incident?.ErrorKind));
        Assert.Equal((5, 3), (runs, Runs(other)));

        // The fault set the count back: after the operator's retry with the cause still there, the journey has eight runs again.
        await other.Client.RetryIncidentAsync(instance.Id, "ops", "once more");
        await FailOnceAsync(other);
        Assert.Equal(WorkflowStatus.Running, (await other.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(1, await RunnerFailuresAsync(instance.Id));
    }

    private async Task FailAndCheckBackoffAsync(PostgresEngineNode node, string id, int failure)
    {
        await FailOnceAsync(node);
        var backoff = TimeSpan.FromSeconds(BackoffSeconds[failure - 1]);
        var row = (await node.Services.GetRequiredService<IWorkflowStore>().GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Running, (DateTimeOffset?)_clock.GetUtcNow() + backoff), (row.Status, row.ReadyAt));
        Assert.Equal(failure, await RunnerFailuresAsync(id));

        // Not run before its back-off is over (by this node or any other), run again when it is.
        _clock.Advance(backoff - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await node.Dispatcher.DrainAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
    }

    private async Task<PostgresEngineNode> NodeAsync(string nodeId)
    {
        var node = new PostgresEngineNode(ConnectionString, Definitions, _clock, nodeId);
        await node.Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
        return node;
    }

    // One claim whose run fails: the store's refusal reaches the drain (the dispatcher logs it).
    private static async Task FailOnceAsync(PostgresEngineNode node) =>
        Assert.Equal("22021", (await Assert.ThrowsAsync<PostgresException>(() => node.Dispatcher.DrainAsync())).SqlState);

    private static int Runs(PostgresEngineNode node) => node.Probe.Log.Count(e => e == "a:one");

    // The journey's step commits at `step` refused by the database, for good: every change of the row there that writes its step
    // history, as each step commit does; a claim, the failure's count and back-off and the fault for the operator, which do not,
    // still go through.
    private async Task PoisonAsync(string step) => await ExecuteAsync(
        "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
        "RAISE EXCEPTION 'refused by the test' USING ERRCODE = '22021'; END $$; " +
        "CREATE TRIGGER poison BEFORE UPDATE ON instances FOR EACH ROW " +
        $"WHEN (OLD.current_step = '{step}' AND NEW.history_json IS DISTINCT FROM OLD.history_json) EXECUTE FUNCTION poison()");

    private async Task<int> RunnerFailuresAsync(string id)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT runner_failures FROM instances WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
