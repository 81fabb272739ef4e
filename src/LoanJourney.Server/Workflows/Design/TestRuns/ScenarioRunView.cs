using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// One scenario of a test run: <see cref="Finished"/> is false when the journey was still running at the time limit
/// (<see cref="Status"/> <c>Running</c>) or waits for something this test run does not send (<c>Waiting</c>, see <see cref="WaitingFor"/>).
/// <see cref="SignalsSent"/> lists the signals the run sent the journey and <see cref="WebhooksDelivered"/> the webhooks it delivered to the
/// draft's own webhook waits (the scenario's <c>deliver</c>), never their payloads. <see cref="Prepared"/> is what the run set
/// up in the sandbox before the journey started (a disbursed loan, a credit line borrower and purchase), null when nothing.
/// <see cref="Variables"/> are the journey's variables when it was reported, as <c>GET /api/instances/{id}</c> shows them (null
/// when it did not start).
/// </summary>
internal sealed record ScenarioRunView(
    string Scenario,
    string Description,
    bool Finished,
    string Status,
    string? Outcome,
    IReadOnlyList<PathStepView> Path,
    IReadOnlyList<TestRunIncidentView> Incidents,
    int LenderCallCount,
    IReadOnlyList<LenderCallView> LenderCalls,
    IReadOnlyList<WaitView> WaitingFor,
    IReadOnlyList<SignalSentView> SignalsSent,
    IReadOnlyList<WebhookDeliveredView> WebhooksDelivered,
    double DurationMs,
    double SimulatedDurationMs,
    string? Error,
    TestRunPreparedView? Prepared,
    JsonObject? Variables);
