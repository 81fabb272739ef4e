using System.Text.Json.Serialization;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A signal a test run sent to a scenario's journey: its name, the step that waited for it, and where the payload came from
/// (<c>request</c>: the request's <c>signals</c>; <c>sandbox</c>: the OTP the sandbox sent the borrower; <c>default</c>: the run's
/// default shipment of the whole open amount; <c>scenario</c>: the scenario's <c>deliver</c> for a <c>Core.WaitForSignal</c> step). Never the payload.
/// <c>signal</c>: the answer the signal route's <c>202</c> gives its sender (<see cref="SignalAnswerView"/>): for a sensitive signal
/// what the step did with it (taken, asked again with the step's reason and attempts left, or failed; session 49), for a durable
/// one <c>Queued</c> (session 50).
/// </summary>
internal sealed record SignalSentView(string Name, string StepId, string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignalAnswerView? Signal = null);
