using System.Net;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// docs/api.md ("Instances", cancel): while an outcome-unknown incident asks the operator about a money call, a cancel is
/// refused <c>409 past_point_of_no_return</c> with <c>journeys[].awaitsDecision: true</c>. Session 44's docs walk sent that
/// cancel as documented (a pay-later journey whose tranche answer the sandbox lost) and the problem's <c>journeys</c> items
/// had no <c>awaitsDecision</c> (nor <c>takenAnswer</c>), which only the journey's <c>cancelRefusal</c> carried: a script
/// could not tell "settle the call first" from "the money moved" without parsing the detail's words.
/// </summary>
public sealed class CancelRefusalProblemTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task ACancelWhileALostTrancheAwaitsTheOperator_Is409WithJourneysAwaitsDecision()
    {
        using var api = _server.CreateApiClient();
        var id = await PayLaterTranche.FaultedAsync(api);
        var faulted = await api.GetInstanceAsync(id);
        Assert.Equal(("tranche", "OutcomeUnknown"), (faulted["incident"]!["stepId"]!.GetValue<string>(), faulted["incident"]!["errorKind"]!.GetValue<string>()));

        var problem = await (await api.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "order cancelled" })))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("past_point_of_no_return", problem["code"]!.GetValue<string>());
        var journey = Assert.Single(problem["journeys"]!.AsArray())!;
        Assert.Equal((id, "tranche", true), (journey["instanceId"]!.GetValue<string>(), journey["stepId"]!.GetValue<string>(), journey["moneyCallOut"]!.GetValue<bool>()));
        Assert.True(journey["awaitsDecision"]?.GetValue<bool>(), $"journeys[0] should say awaitsDecision: true: {journey.ToJsonString()}");
        Assert.True(journey.AsObject().ContainsKey("takenAnswer"), $"journeys[0] should carry takenAnswer, as the journey's cancelRefusal does: {journey.ToJsonString()}");
        // The same words as the journey's own refusal.
        var refusal = (await api.GetInstanceAsync(id))["cancelRefusal"]!;
        Assert.Equal((true, (string?)null), (refusal["awaitsDecision"]!.GetValue<bool>(), journey["takenAnswer"]?.GetValue<string>()));
    }
}
