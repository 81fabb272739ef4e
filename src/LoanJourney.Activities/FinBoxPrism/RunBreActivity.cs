using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Triggers BRE and polls it. <c>FAILED</c> (a technical failure at FinBox) re-triggers after <c>retriggerInterval</c>, up to
/// <c>maxTriggers</c> triggers in all (FinBox recommends 2-3 times, 30 s apart); then the step fails with an incident.
/// </summary>
[Activity("FinBox.RunBre", Description = "Prism v2: trigger BRE and poll until decided; re-trigger on FAILED.", IsWait = true,
    Outcomes = ["Approved", "Rejected"], Outputs = ["referenceID", "offer", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("riskVariables", ActivityValueType.Object, Description = "riskVariables (e.g. policyID); mandatory in the document, so {} is sent when absent.")]
[ActivityInput("maxTriggers", ActivityValueType.Integer, Description = "Triggers in all when BRE answers FAILED (default 3).")]
[ActivityInput("retriggerInterval", ActivityValueType.Duration, Description = "Wait before re-triggering after FAILED (default 30 s).")]
public sealed class RunBreActivity(IFinBoxPrismClient prism, JourneyOptions options) : PrismPollingActivity<BreData>(options)
{
    private const string RetriggerTimer = "retrigger";

    // "Will remain empty unless there is a partner specific use case", yet mandatory: the document's sample sends {}.
    private static readonly JsonElement NoRiskVariables = JsonDocument.Parse("{}").RootElement.Clone();

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken) =>
        prism.TriggerBreAsync(new TriggerBreRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            RiskVariables = context.GetInput<JsonElement?>("riskVariables") is { ValueKind: JsonValueKind.Object } risk ? risk : NoRiskVariables,
        }, cancellationToken);

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<BreData>>> GetAsync(string referenceId, CancellationToken cancellationToken) =>
        prism.GetBreAsync(referenceId, cancellationToken);

    /// <inheritdoc />
    protected override string? StatusOf(BreData? data) => data?.Status;

    /// <inheritdoc />
    protected override ActivityResult OnSuccess(ActivityContext context, BreData? data, string referenceId)
    {
        var offer = data?.Offers?.FirstOrDefault(o => o.Slabs is { Count: > 0 });
        return offer is null
            ? ActivityResult.Fail(LenderResultMapping.LenderError, "BRE succeeded without an offer with slabs.", retryable: false)
            : ActivityResult.Complete("Approved", Output(("referenceID", referenceId), ("offer", JsonSerializer.SerializeToNode(offer, LenderJsonOptions))));
    }

    /// <inheritdoc />
    protected override ValueTask<ActivityResult> OnRejectedAsync(ActivityContext context, LenderResult<PrismResponse<BreData>> result) =>
        ValueTask.FromResult(LenderResultMapping.RejectedOutcome(result, result.Body?.Data?.RejectionReason));

    /// <inheritdoc />
    protected override ValueTask<ActivityResult> OnFailedAsync(ActivityContext context, LenderResult<PrismResponse<BreData>> result)
    {
        var triggers = context.State[TriggersKey]?.GetValue<int>() ?? 1;
        var maxTriggers = context.GetInput<int?>("maxTriggers") ?? 3;
        if (triggers >= maxTriggers)
        {
            return ValueTask.FromResult(ActivityResult.Fail("BreFailed",
                string.Create(CultureInfo.InvariantCulture, $"BRE answered FAILED {triggers} times."), retryable: false));
        }

        var wait = context.GetOptionalDuration("retriggerInterval") ?? TimeSpan.FromSeconds(30);
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow + wait, RetriggerTimer)));
    }

    /// <inheritdoc />
    protected override async ValueTask<ActivityResult> OnStimulusAsync(ActivityContext context, Stimulus stimulus) =>
        stimulus.Name == RetriggerTimer ? await TriggerAsync(context, stimulus) : await base.OnStimulusAsync(context, stimulus);

    internal static readonly JsonSerializerOptions LenderJsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
