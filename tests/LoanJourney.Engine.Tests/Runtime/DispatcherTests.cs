using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
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

    // Polls the store on real time with a deadline; the engine itself runs on the manual clock.
    private static async Task<WorkflowInstance> WaitForAsync(EngineHarness engine, string id, Func<WorkflowInstance, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
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
