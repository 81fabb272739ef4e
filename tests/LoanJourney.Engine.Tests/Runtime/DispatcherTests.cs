using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
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
