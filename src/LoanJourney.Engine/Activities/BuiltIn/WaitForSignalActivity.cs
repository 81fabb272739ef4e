using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>
/// Waits for a named signal, optionally with a timeout. A sensitive signal's payload (an OTP) is never stored: the
/// output is then only <c>{"received": true}</c>.
/// </summary>
[Activity("Core.WaitForSignal", Description = "Wait for a named signal.", IsWait = true, Outcomes = ["Received", "Timeout"], Outputs = ["payload", "received"])]
[ActivityInput("signal", ActivityValueType.String, Required = true, Description = "Signal name, e.g. otp.")]
[ActivityInput("sensitive", ActivityValueType.Boolean, Description = "Never persist or log the payload.")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Optional timeout; fires outcome Timeout.")]
public sealed class WaitForSignalActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sensitive = context.GetInput("sensitive")?.GetValue<bool>() ?? false;
        var signal = BookmarkRequest.Signal(context.GetRequiredString("signal"), sensitive);
        var timeout = context.GetOptionalDuration("timeout");
        return ValueTask.FromResult(timeout is { } t
            ? ActivityResult.Suspend(signal, BookmarkRequest.Timer(context.UtcNow + t, "timeout"))
            : ActivityResult.Suspend(signal));
    }

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        if (stimulus.Kind == BookmarkKind.Timer)
        {
            return ValueTask.FromResult(ActivityResult.Complete("Timeout"));
        }

        var sensitive = context.GetInput("sensitive")?.GetValue<bool>() ?? false;
        var output = sensitive
            ? new JsonObject { ["received"] = true }
            : new JsonObject { ["received"] = true, ["payload"] = stimulus.Payload?.DeepClone() };
        return ValueTask.FromResult(ActivityResult.Complete("Received", output));
    }
}
