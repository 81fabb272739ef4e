using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Bank-statement analysis: checks the bank is in FinBox's bank list, uploads the statements from the input, polls.
/// A statement FinBox cannot use (<c>FAILED</c> with PDF_IS_IMAGE, OUT_OF_DATE_RANGE …) sets the <c>bankingError</c>
/// variable and waits for the <c>reupload-statement</c> signal (<c>{"files":[{"fileName","contentBase64"}]}</c>), then
/// re-triggers with the new files, up to <c>maxUploads</c> uploads in all.
/// </summary>
[Activity("FinBox.RunBanking", Description = "Prism v2: check the bank, upload statements, poll; on a bad statement wait for a re-upload signal.",
    IsWait = true, Outcomes = ["Done", "Rejected"], Outputs = ["referenceID", "uploads", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("bankName", ActivityValueType.String, Required = true, Description = "Bank identifier from the bank list (e.g. HDFC).")]
[ActivityInput("files", ActivityValueType.Array, Required = true, Description = "Statements: [{fileName, contentBase64, contentType?}], each at most 5 MB.")]
[ActivityInput("pdfPassword", ActivityValueType.String, Description = "Statement password, if any.")]
[ActivityInput("maxUploads", ActivityValueType.Integer, Description = "Uploads in all before the step ends Rejected (default 3).")]
[ActivityInput("reuploadTimeout", ActivityValueType.Duration, Description = "How long to wait for a re-upload (default 7 days); then Rejected.")]
[ActivitySignalField(ReuploadSignal, "files", ActivityValueType.Array, Required = true, Description = "The statements again: [{ fileName, contentBase64 }].")]
[ActivitySignalField(ReuploadSignal, "bankName", ActivityValueType.String, Description = "The bank (default: the journey's).")]
[ActivitySignalField(ReuploadSignal, "pdfPassword", ActivityValueType.String, Description = "The statements' PDF password.")]
public sealed class RunBankingActivity(IFinBoxPrismClient prism, JourneyOptions options) : PrismPollingActivity<BankingData>(options)
{
    /// <summary>The signal that carries new statement files.</summary>
    public const string ReuploadSignal = "reupload-statement";

    /// <summary>The variable holding the last statement error for the partner to show.</summary>
    public const string BankingErrorVariable = "bankingError";

    private const string ReuploadTimer = "reupload-timeout";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customerId = context.GetRequiredString("customerId");
        var bankName = context.GetRequiredString("bankName");
        var banks = await LenderCalls.CallAsync(context, ct => prism.GetBankListAsync(customerId, ct));
        if (!banks.IsSuccess)
        {
            return LenderResultMapping.Map(context, banks, PollInterval, _ => throw new InvalidOperationException("unreachable"));
        }

        if (banks.Body?.Banks?.Any(b => string.Equals(b.Name, bankName, StringComparison.OrdinalIgnoreCase)) != true)
        {
            return ActivityResult.Fail("BankNotSupported", $"Bank '{bankName}' is not in FinBox's bank list.", retryable: false);
        }

        return await base.ExecuteAsync(context);
    }

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken)
    {
        var (filesNode, field) = stimulus?.Payload?["files"] is { } fromSignal ? (fromSignal, "signal.files") : (context.GetInput("files"), "files");
        var files = ReadFiles(filesNode, field);
        return prism.TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = context.GetRequiredString("customerId"),
            BankName = stimulus?.Payload?["bankName"]?.GetValue<string>() ?? context.GetRequiredString("bankName"),
            Files = files,
            PdfPassword = stimulus?.Payload?["pdfPassword"]?.GetValue<string>() ?? context.GetOptionalString("pdfPassword"),
        }, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<BankingData>>> GetAsync(string referenceId, CancellationToken cancellationToken) =>
        prism.GetBankingAsync(referenceId, cancellationToken);

    /// <inheritdoc />
    protected override string? StatusOf(BankingData? data) => data?.Status;

    /// <inheritdoc />
    protected override ActivityResult OnSuccess(ActivityContext context, BankingData? data, string referenceId)
    {
        context.SetVariable(BankingErrorVariable, null);
        return ActivityResult.Complete("Done", Output(("referenceID", referenceId), ("uploads", context.State[TriggersKey]?.DeepClone())));
    }

    /// <inheritdoc />
    protected override ValueTask<ActivityResult> OnRejectedAsync(ActivityContext context, LenderResult<PrismResponse<BankingData>> result)
    {
        var details = result.Body?.Data?.BankingDetails;
        var errorCode = details?.ErrorCode ?? result.Body?.Data?.ErrorCode ?? result.LenderCode;
        var uploads = context.State[TriggersKey]?.GetValue<int>() ?? 1;
        if (uploads >= (context.GetInput<int?>("maxUploads") ?? 3))
        {
            return ValueTask.FromResult(LenderResultMapping.RejectedOutcome(result,
                string.Create(CultureInfo.InvariantCulture, $"{errorCode} after {uploads} uploads")));
        }

        context.SetVariable(BankingErrorVariable, new JsonObject
        {
            ["errorCode"] = errorCode,
            ["message"] = details?.ErrorMessage ?? result.Message,
            ["uploads"] = uploads,
        });
        var timeout = context.GetOptionalDuration("reuploadTimeout") ?? TimeSpan.FromDays(7);
        return ValueTask.FromResult(ActivityResult.Suspend(
            BookmarkRequest.Signal(ReuploadSignal),
            BookmarkRequest.Timer(context.UtcNow + timeout, ReuploadTimer)));
    }

    /// <inheritdoc />
    protected override async ValueTask<ActivityResult> OnStimulusAsync(ActivityContext context, Stimulus stimulus) => stimulus switch
    {
        { Kind: BookmarkKind.Signal, Key: ReuploadSignal } => await TriggerAsync(context, stimulus),
        { Kind: BookmarkKind.Timer, Name: ReuploadTimer } => ActivityResult.Complete(LenderResultMapping.Rejected, new JsonObject { ["reason"] = "REUPLOAD_TIMEOUT" }),
        _ => await base.OnStimulusAsync(context, stimulus),
    };

    private static List<LenderFile> ReadFiles(JsonNode? node, string field)
    {
        List<StatementFile>? files;
        try
        {
            files = node?.Deserialize<List<StatementFile>>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            files = null;
        }

        var decoded = files?.Select(f => f.ToLenderFile()).ToList();
        return decoded is { Count: > 0 } && decoded.All(f => f is not null)
            ? decoded.Select(f => f!).ToList()
            : throw new ActivityInputException(field, $"'{field}' must be a non-empty array of {{fileName, contentBase64}} with valid base64.");
    }
}
