using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// The shape shared by Prism's asynchronous operations (BRE, banking, KYC, agreement, disbursal): trigger, keep the
/// reference ID in the durable step state, then poll the matching GET on a timer until a final answer.
/// </summary>
/// <typeparam name="TData">The <c>data</c> of the polling answer.</typeparam>
public abstract class PrismPollingActivity<TData>(JourneyOptions options) : Activity
    where TData : class
{
    /// <summary>Step-state key of the reference ID being polled.</summary>
    protected const string ReferenceIdKey = "referenceID";

    /// <summary>Step-state key of the number of triggers sent by this step.</summary>
    protected const string TriggersKey = "triggers";

    /// <summary>The configured poll interval.</summary>
    protected TimeSpan PollInterval => options.PollInterval;

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await TriggerAsync(context, stimulus: null);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return stimulus is { Kind: BookmarkKind.Timer, Name: LenderResultMapping.PollTimer }
            ? await PollOnceAsync(context)
            : await OnStimulusAsync(context, stimulus);
    }

    /// <summary>Sends the trigger; called again by subclasses to re-trigger (BRE after FAILED, banking after a re-upload).</summary>
    protected async Task<ActivityResult> TriggerAsync(ActivityContext context, Stimulus? stimulus)
    {
        var result = await LenderCalls.CallAsync(context, ct => SendTriggerAsync(context, stimulus, ct));
        return await OnTriggerAnswerAsync(context, result);
    }

    /// <summary>Maps a trigger's answer: on success keep its reference ID and poll; otherwise the shared mapping.</summary>
    protected async Task<ActivityResult> OnTriggerAnswerAsync(ActivityContext context, LenderResult<PrismResponse<ReferenceData>> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsSuccess
            ? await OnTriggeredAsync(context, result.Body?.Data?.ReferenceID)
            : LenderResultMapping.Map(context, result, PollInterval, _ => throw new InvalidOperationException("unreachable"));
    }

    /// <summary>Keeps the reference ID and waits for the first poll.</summary>
    protected virtual ValueTask<ActivityResult> OnTriggeredAsync(ActivityContext context, string? referenceId)
    {
        if (string.IsNullOrEmpty(referenceId))
        {
            return ValueTask.FromResult(ActivityResult.Fail(LenderResultMapping.LenderError, "The trigger answered without a referenceID.", retryable: false));
        }

        context.State[ReferenceIdKey] = referenceId;
        context.State[TriggersKey] = (context.State[TriggersKey]?.GetValue<int>() ?? 0) + 1;
        return ValueTask.FromResult(LenderResultMapping.Poll(context, PollInterval));
    }

    /// <summary>Polls once by the stored reference ID and maps the answer.</summary>
    protected async Task<ActivityResult> PollOnceAsync(ActivityContext context)
    {
        var referenceId = context.State[ReferenceIdKey]?.GetValue<string>()
            ?? throw new InvalidOperationException("No reference ID to poll.");
        var result = await LenderCalls.CallAsync(context, ct => GetAsync(referenceId, ct));
        return result.Kind switch
        {
            LenderResultKind.Success => ReadOnly(OnSuccess(context, result.Body?.Data, referenceId)),
            LenderResultKind.Processing => await OnProcessingAsync(context, result),
            LenderResultKind.Rejected => await OnRejectedAsync(context, result),
            LenderResultKind.RetryableFailure when StatusOf(result.Body?.Data) == PrismStatuses.Failed => await OnFailedAsync(context, result),
            _ => LenderResultMapping.Failure(result),
        };
    }

    // Only the status GET was sent: a completion may ride with the next step's commit (ActivityResult.CompleteReadOnly); a crash
    // before that commit sends this GET again, which answers the same.
    private static ActivityResult ReadOnly(ActivityResult result) => result is ActivityResult.Completed done ? done with { ReadOnly = true } : result;

    /// <summary>Sends the trigger call.</summary>
    protected abstract Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken);

    /// <summary>Sends the polling GET.</summary>
    protected abstract Task<LenderResult<PrismResponse<TData>>> GetAsync(string referenceId, CancellationToken cancellationToken);

    /// <summary>The operation status in a polling answer (<c>data.status</c>).</summary>
    protected abstract string? StatusOf(TData? data);

    /// <summary>The final, successful answer.</summary>
    protected abstract ActivityResult OnSuccess(ActivityContext context, TData? data, string referenceId);

    /// <summary>Still processing: poll again (a read-only poll: only the status GET was sent).</summary>
    protected virtual ValueTask<ActivityResult> OnProcessingAsync(ActivityContext context, LenderResult<PrismResponse<TData>> result) =>
        ValueTask.FromResult(LenderResultMapping.PollAgain(context, PollInterval));

    /// <summary>A rejection: outcome <c>Rejected</c>.</summary>
    protected virtual ValueTask<ActivityResult> OnRejectedAsync(ActivityContext context, LenderResult<PrismResponse<TData>> result) =>
        ValueTask.FromResult(LenderResultMapping.RejectedOutcome(result));

    /// <summary>The lender answered that the operation itself FAILED (retryable per its table): by default, fail the attempt.</summary>
    protected virtual ValueTask<ActivityResult> OnFailedAsync(ActivityContext context, LenderResult<PrismResponse<TData>> result) =>
        ValueTask.FromResult(LenderResultMapping.Failure(result));

    /// <summary>A stimulus other than the poll timer (a signal, another timer).</summary>
    protected virtual ValueTask<ActivityResult> OnStimulusAsync(ActivityContext context, Stimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Fail("UnexpectedStimulus", $"Unexpected stimulus '{stimulus.Name}'.", retryable: false));

    /// <summary>The program input (<c>PERSONAL_LOAN</c> by default).</summary>
    protected static string Program(ActivityContext context) => context.GetOptionalString("program") ?? "PERSONAL_LOAN";

    /// <summary>Builds a JSON object output, skipping nulls.</summary>
    protected static JsonObject Output(params (string Name, JsonNode? Value)[] fields)
    {
        var output = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                output[name] = value;
            }
        }

        return output;
    }
}
