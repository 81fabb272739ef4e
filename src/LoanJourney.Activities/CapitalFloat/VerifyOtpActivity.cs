using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Waits for the borrower's OTP and verifies the block with it. The <c>otp</c> signal is <b>sensitive</b>: the engine runs
/// this resume in memory and never stores its payload; this activity passes it to Capital Float and keeps nothing of it.
/// A wrong OTP (-23) counts against <c>maxAttempts</c> (then <c>AttemptsExhausted</c>); <c>resend-otp</c> asks Capital Float
/// for a new OTP (up to <c>maxResends</c>) and waits again; <c>timeout</c> from the first wait ends with <c>TimedOut</c>.
/// Sets <c>otpAttemptsLeft</c>. An OTP that is not taken is asked for again with its reason (<c>OtpIncorrect</c>,
/// <c>LenderUnavailable</c>, <c>OtpMissing</c>), which the signal's caller reads in the answer to its call. A value that
/// cannot be Capital Float's OTP (<see cref="CapitalFloatOtp.Pattern"/>) never reaches this step: the signal is a 400 naming
/// <c>otp</c>, and no attempt is used.
/// </summary>
[Activity(TypeName, Description = "Capital Float: wait for the borrower's OTP (sensitive signal `otp`, `resend-otp`), verify the block; limited attempts and a timeout.",
    IsWait = true, Outcomes = ["Verified", "AttemptsExhausted", "TimedOut"], Outputs = ["attempts"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id.")]
[ActivityInput("orderId", ActivityValueType.String, Required = true, Description = "The blocked order.")]
[ActivityInput("amount", ActivityValueType.Any, Description = "The blocked amount (sent with the verification).")]
[ActivityInput("maxAttempts", ActivityValueType.Integer, Description = "Wrong OTPs allowed in all (default 3).")]
[ActivityInput("maxResends", ActivityValueType.Integer, Description = "Resends allowed (default 3).")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "How long the borrower has, from the first wait (default 10 minutes).")]
[ActivitySignalField(OtpSignal, "otp", ActivityValueType.String, Required = true, Pattern = CapitalFloatOtp.Pattern, Description = CapitalFloatOtp.Description)]
public sealed class VerifyOtpActivity(ICapitalFloatClient capitalFloat, ILogger<VerifyOtpActivity> logger) : Activity
{
    /// <summary>The activity's type name, as definitions name it.</summary>
    public const string TypeName = "CapitalFloat.VerifyOtp";

    /// <summary>The sensitive signal carrying <c>{"otp": "123456"}</c>.</summary>
    public const string OtpSignal = "otp";

    /// <summary>The signal that asks for a new OTP.</summary>
    public const string ResendSignal = "resend-otp";

    /// <summary>The variable with the wrong attempts left, for the partner's UI.</summary>
    public const string AttemptsLeftVariable = "otpAttemptsLeft";

    /// <summary>The variable telling the partner's UI why the OTP must be entered again (null when none).</summary>
    public const string OtpErrorVariable = "otpError";

    /// <summary>Why the OTP is asked for again (the signal's answer, <c>signal.reason</c>): Capital Float answered -23.</summary>
    public const string OtpIncorrectReason = "OtpIncorrect";

    /// <summary>Why the OTP is asked for again: Capital Float could not be asked (its circuit open, a timeout, a 5xx); not counted.</summary>
    public const string LenderUnavailableReason = "LenderUnavailable";

    /// <summary>Why the OTP is asked for again: the payload had no OTP in it.</summary>
    public const string OtpMissingReason = "OtpMissing";

    private const string DeadlineKey = "deadline";
    private const string WrongKey = "wrong";
    private const string ResendsKey = "resends";
    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromMinutes(10));
        context.State[WrongKey] = 0;
        context.State[ResendsKey] = 0;
        context.SetVariable(AttemptsLeftVariable, MaxAttempts(context));
        return ValueTask.FromResult(Wait(context));
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return stimulus switch
        {
            { Kind: BookmarkKind.Timer } => ActivityResult.Complete("TimedOut", new JsonObject { ["attempts"] = context.State[WrongKey]?.DeepClone() }),
            { Kind: BookmarkKind.Signal, Key: ResendSignal } => await ResendAsync(context),
            _ => await VerifyAsync(context, ReadOtp(stimulus.Payload)),
        };
    }

    private async Task<ActivityResult> VerifyAsync(ActivityContext context, string? otp)
    {
        if (string.IsNullOrWhiteSpace(otp))
        {
            context.AddJournalEntry("OtpMissing", new JsonObject { ["signal"] = OtpSignal });
            context.AskAgain(OtpMissingReason, "No OTP was given; enter the OTP the borrower received.");
            return Wait(context);
        }

        var request = new VerifyBlockOtpRequest { AppId = PayLaterInputs.AppId(context), OrderId = context.GetRequiredString("orderId"), Otp = otp };
        var result = await LenderCalls.CallAsync(context, ct => capitalFloat.VerifyBlockOtpAsync(request, ct));
        if (result.IsSuccess)
        {
            var attempts = (context.State[WrongKey]?.GetValue<int>() ?? 0) + 1;
            ActivityLog.OtpVerified(logger, context.InstanceId, attempts);
            context.SetVariable(OtpErrorVariable, null);
            return ActivityResult.Complete("Verified", new JsonObject { ["attempts"] = attempts });
        }

        if (result.Kind == LenderResultKind.RetryableFailure)
        {
            // The OTP exists only in this call, so a retry of the step could not send it again: the borrower re-enters it.
            // Verify is not repeated automatically (a repeat may count as a wrong attempt) and this one is not counted.
            const string unavailable = "Capital Float could not verify the OTP just now; enter it again.";
            context.SetVariable(OtpErrorVariable, unavailable);
            context.AddJournalEntry("OtpVerifyUnavailable", new JsonObject { ["lenderCode"] = result.LenderCode });
            context.AskAgain(LenderUnavailableReason, unavailable, AttemptsLeft(context));
            return Wait(context);
        }

        if (result.Kind != LenderResultKind.Rejected && result.LenderCode != PayLaterCodes.OtpNotVerified)
        {
            return LenderResultMapping.Failure(result);
        }

        const string incorrect = "The OTP is not correct.";
        context.SetVariable(OtpErrorVariable, incorrect);
        var wrong = (context.State[WrongKey]?.GetValue<int>() ?? 0) + 1;
        context.State[WrongKey] = wrong;
        var left = AttemptsLeft(context);
        context.SetVariable(AttemptsLeftVariable, left);
        ActivityLog.OtpRefused(logger, context.InstanceId, left);
        if (left <= 0)
        {
            return ActivityResult.Complete("AttemptsExhausted", new JsonObject { ["attempts"] = wrong });
        }

        context.AskAgain(OtpIncorrectReason, incorrect, left);
        return Wait(context);
    }

    private async Task<ActivityResult> ResendAsync(ActivityContext context)
    {
        var resends = context.State[ResendsKey]?.GetValue<int>() ?? 0;
        if (resends >= (context.GetInput<int?>("maxResends") ?? 3))
        {
            context.AddJournalEntry("ResendRefused", new JsonObject { ["resends"] = resends });
            return Wait(context);
        }

        var request = new ResendBlockOtpRequest { AppId = PayLaterInputs.AppId(context), OrderId = context.GetRequiredString("orderId") };
        var result = await LenderCalls.CallAsync(context, ct => capitalFloat.ResendBlockOtpAsync(request, ct));
        if (!result.IsSuccess)
        {
            // The borrower can ask again; the OTP already sent may still be valid.
            context.AddJournalEntry("ResendFailed", new JsonObject { ["lenderCode"] = result.LenderCode, ["message"] = result.Message });
            return Wait(context);
        }

        context.State[ResendsKey] = resends + 1;
        return Wait(context);
    }

    private static ActivityResult Wait(ActivityContext context) => ActivityResult.Suspend(
        BookmarkRequest.Signal(OtpSignal, sensitive: true),
        BookmarkRequest.Signal(ResendSignal),
        BookmarkRequest.Timer(context.State[DeadlineKey]!.GetValue<DateTimeOffset>(), TimeoutTimer));

    private static int MaxAttempts(ActivityContext context) => context.GetInput<int?>("maxAttempts") ?? 3;

    private static int AttemptsLeft(ActivityContext context) => Math.Max(0, MaxAttempts(context) - (context.State[WrongKey]?.GetValue<int>() ?? 0));

    private static string? ReadOtp(JsonNode? payload) => payload switch
    {
        JsonObject o => o["otp"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        },
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"{v}"),
        _ => null,
    };
}
