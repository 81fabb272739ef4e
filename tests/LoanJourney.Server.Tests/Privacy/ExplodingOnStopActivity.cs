using LoanJourney.Engine.Activities;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// A test activity that is still running when the server stops, and then fails the way a library's code does: an exception
/// quoting the borrower's data it was handed, with an inner one quoting more. An activity's exception is a failed attempt
/// while the engine runs (only its masked message is journaled); a name in free text cannot be masked, so it quotes none; at a stop it escapes the runner, which logs it whole
/// (<c>RunnerFailed</c>, event 3002). The message names the journey, whose id must stay whole in the log.
/// </summary>
[Activity(TypeName, Description = "Test: waits for the engine to stop, then throws an exception quoting its inputs.")]
[ActivityInput("pan", ActivityValueType.String)]
[ActivityInput("mobile", ActivityValueType.String)]
[ActivityInput("email", ActivityValueType.String)]
[ActivityInput("aadhaar", ActivityValueType.String)]
public sealed class ExplodingOnStopActivity : Activity
{
    public const string TypeName = "Test.ExplodeOnStop";

    /// <summary>Completed with the journey's id once the activity runs (one test at a time: its collection runs alone).</summary>
    public static TaskCompletionSource<string> Started { get; private set; } = NewStarted();

    public static void Reset() => Started = NewStarted();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Started.TrySetResult(context.InstanceId);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            var inner = new FormatException($"Aadhaar '{context.GetOptionalString("aadhaar")}' of {context.GetOptionalString("email")} is not 12 digits.");
            throw new InvalidOperationException(
                $"Scoring of journey {context.InstanceId} stopped for PAN {context.GetOptionalString("pan")}, mobile +91{context.GetOptionalString("mobile")}, email {context.GetOptionalString("email")}.", inner);
        }

        return ActivityResult.Complete("Done");
    }

    private static TaskCompletionSource<string> NewStarted() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
