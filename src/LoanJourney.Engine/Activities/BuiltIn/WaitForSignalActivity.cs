using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>
/// Waits for a named signal, optionally with a timeout. A sensitive signal's payload (an OTP) is never stored: the
/// output is then only <c>{"received": true}</c>. With <c>fields</c> (<see cref="SignalFieldDeclarations"/>) a signal whose
/// payload does not fit is refused before it is accepted, naming the field; a field declared <c>sensitive</c> makes the signal
/// sensitive (its payload never stored) and is left out of the output's <c>payload</c>.
/// </summary>
[Activity("Core.WaitForSignal", Description = "Wait for a named signal.", IsWait = true, Outcomes = ["Received", "Timeout"], Outputs = ["payload", "received"])]
[ActivityInput("signal", ActivityValueType.String, Required = true, Description = "Signal name, e.g. otp.")]
[ActivityInput("sensitive", ActivityValueType.Boolean, Description = "Never persist or log the payload.")]
[ActivityInput(SignalFieldDeclarations.InputName, ActivityValueType.Array,
    Description = "Optional: the payload's fields, written in the definition: [{ name, type, required, pattern, minLength, maxLength, sensitive, description }]. Without it any payload is taken.")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Optional timeout; fires outcome Timeout.")]
public sealed class WaitForSignalActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sensitive = (context.GetInput("sensitive")?.GetValue<bool>() ?? false)
            || SignalFieldDeclarations.SensitiveNames(context.GetInput(SignalFieldDeclarations.InputName)).Count > 0;
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
        var payload = stimulus.Payload?.DeepClone();
        if (payload is JsonObject fields)
        {
            foreach (var name in SignalFieldDeclarations.SensitiveNames(context.GetInput(SignalFieldDeclarations.InputName)))
            {
                fields.Remove(name);
            }
        }

        var output = sensitive
            ? new JsonObject { ["received"] = true }
            : new JsonObject { ["received"] = true, ["payload"] = payload };
        return ValueTask.FromResult(ActivityResult.Complete("Received", output));
    }
}
