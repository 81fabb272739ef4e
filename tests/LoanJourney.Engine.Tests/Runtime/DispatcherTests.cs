using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class DispatcherTests
{
    [Fact]
    public async Task HostedDispatcher_WakesOnStart_AndSleepsUntilTheNextTimer()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("d", $"""
            {Step("a", "Test.Record", """{ "Done": "wait" }""")},
            {Step("wait", "Core.Delay", """{ "Done": "b" }""", """{ "duration": "00:05:00" }""")},
            {Step("b", "Test.Record", """{ "Done": "end" }""")},
            {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
            """));
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        try
        {
            var instance = await engine.Client.StartAsync("d", null);
            var waiting = await WaitForAsync(engine, instance.Id, i => i.Status == WorkflowStatus.Waiting);
            Assert.Equal("wait", waiting.CurrentStepId);

            engine.Clock.Advance(TimeSpan.FromMinutes(5));
            var done = await WaitForAsync(engine, instance.Id, i => i.Status == WorkflowStatus.Completed);
            Assert.Equal("Done", done.Outcome);
            Assert.Equal(["a:", "b:"], engine.Probe.Log);
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    // A journey whose stored payloads this node cannot decrypt (a key its ring does not have) is reported and left leased;
    // the journeys claimed with it run. Before, the claim failed as a whole and, on SQLite, rolled back: the same
    // earliest-due journey failed every claim and nothing ran on the node any more.
    [Fact]
    public async Task AJourneyThatCannotBeDecrypted_DoesNotStopTheOthers()
    {
        await using var engine = await EngineHarness.StartAsync(
            null,
            services => services.AddSingleton<IPayloadProtector>(new TestPayloadProtector()),
            Workflow("d", $"""
                {Step("a", "Test.Record", """{ "Done": "end" }""")},
                {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
                """));
        var unreadable = await engine.Client.StartAsync("d", null);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var readable = await engine.Client.StartAsync("d", null);
        await using (var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE instances SET input_json = 'enc:v1:%%% not this key ring''s %%%' WHERE id = $id";
            command.Parameters.AddWithValue("$id", unreadable.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Completed, (await engine.Store.GetInstanceAsync(readable.Id, default))!.Status);
        Assert.Equal(["a:"], engine.Probe.Log);
        await using (var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT status, lease_owner IS NOT NULL FROM instances WHERE id = $id";
            command.Parameters.AddWithValue("$id", unreadable.Id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("Running", true), (reader.GetString(0), reader.GetBoolean(1)));
        }
    }

    [Fact]
    public async Task HostedDispatcher_ClaimsNothingUntilTheHostHasStarted_ThenRunsTheDueWork()
    {
        // Issue 11: after a restart, due journeys must not call the embedded sandbox before the server listens.
        using var lifetime = new GatedHostLifetime();
        await using var engine = await EngineHarness.StartAsync(
            null,
            services => services.AddSingleton<IHostApplicationLifetime>(lifetime),
            Workflow("d", $"""
                {Step("a", "Test.Record", """{ "Done": "end" }""")},
                {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
                """));
        var instance = await engine.Client.StartAsync("d", null);

        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        try
        {
            // The dispatcher has reached its gate (it checked the host's start and registered for it)...
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (lifetime.Reads < 2)
                {
                    await Task.Delay(10, deadline.Token);
                }
            }

            // ...and has claimed nothing: the due journey is untouched, no step ran.
            var before = await engine.Client.GetInstanceAsync(instance.Id);
            Assert.Equal((WorkflowStatus.Running, 0), (before.Status, before.Steps.Count));
            Assert.Empty(engine.Probe.Log);
            Assert.Equal(0, engine.Dispatcher.RunningCount);

            lifetime.Start();
            var done = await WaitForAsync(engine, instance.Id, i => i.Status == WorkflowStatus.Completed);
            Assert.Equal("Done", done.Outcome);
            Assert.Equal(["a:"], engine.Probe.Log);
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    // Polls the store on real time with a deadline; the engine itself runs on the manual clock.
    private static async Task<WorkflowInstance> WaitForAsync(EngineHarness engine, string id, Func<WorkflowInstance, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await engine.Client.GetInstanceAsync(id);
            if (condition(instance))
            {
                return instance;
            }

            await Task.Delay(10, deadline.Token);
        }
    }
}
