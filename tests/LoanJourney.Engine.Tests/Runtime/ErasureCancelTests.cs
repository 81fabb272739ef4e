using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// An erasure with <c>cancelFirst</c> tells its caller of each cancel as it commits, so the caller's audit trail has every
/// cancel that happened even when the erasure then answers 409 (docs/api.md "Retention and erasure").
/// </summary>
public sealed class ErasureCancelTests
{
    [Fact]
    public async Task Erase_CancelFirst_ReportsEachCancelAsItCommits_EvenWhenTheWaitForTheCompensationsRunsOut()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("waits", $$"""
            {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "block" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "release" } }""")}},
            {{Step("wait", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """));
        var waiting = await engine.StartAndRunAsync("waits", options: new StartOptions { CorrelationId = "CUST-9" });
        var reported = new List<string>();

        // Nothing runs the compensation here (the harness drains by hand), so the wait runs out and the erasure answers 409.
        var inFlight = await Assert.ThrowsAsync<JourneysInFlightException>(() => engine.Client.EraseAsync("CUST-9", [], cancelFirst: true, "ada", "DPDP request 9",
            TimeSpan.Zero, cancelled => { reported.Add(cancelled.Id); return Task.CompletedTask; }));

        Assert.Equal([waiting.Id], inFlight.InstanceIds);
        Assert.Equal([waiting.Id], reported);
        Assert.True((await engine.Store.GetInstanceAsync(waiting.Id, default))!.CancelRequested);
        Assert.Contains(JournalKinds.CancelRequested, await engine.JournalKindsAsync(waiting.Id));
    }
}
