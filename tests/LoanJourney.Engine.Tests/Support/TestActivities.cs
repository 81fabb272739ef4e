using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Support;

[Activity("Test.Record", Outcomes = ["Done", "Alt"], Outputs = ["n", "label"])]
[ActivityInput("label", ActivityValueType.Any)]
[ActivityInput("outcome", ActivityValueType.String)]
public sealed class RecordActivity(TestProbe probe) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        probe.Executions.Enqueue($"{context.StepId}:{context.GetOptionalString("label")}");
        if (probe.Gate is { } gate)
        {
            probe.Entered.TrySetResult();
            await gate.Task;
        }

        context.AddJournalEntry("LenderCall", new JsonObject { ["method"] = "POST", ["path"] = "/v2/test", ["status"] = 200 });
        return ActivityResult.Complete(context.GetOptionalString("outcome") ?? "Done", new JsonObject { ["n"] = probe.Next("record:" + context.InstanceId), ["label"] = context.GetInput("label")?.DeepClone() });
    }
}

[Activity("Test.Flaky")]
[ActivityInput("failTimes", ActivityValueType.Integer, Required = true)]
[ActivityInput("errorKind", ActivityValueType.String)]
[ActivityInput("retryable", ActivityValueType.Boolean)]
[ActivityInput("deferSeconds", ActivityValueType.Integer)]
public sealed class FlakyActivity(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var call = probe.Next($"flaky:{context.InstanceId}:{context.StepId}");
        probe.Executions.Enqueue($"{context.StepId}:attempt{context.Attempt}");
        var failTimes = int.Parse(context.GetRequiredString("failTimes"), System.Globalization.CultureInfo.InvariantCulture);
        if (call <= failTimes && context.GetInput("deferSeconds")?.GetValue<int>() is { } deferSeconds)
        {
            return ValueTask.FromResult(ActivityResult.Defer("LenderUnavailable", $"call {call}: circuit open", TimeSpan.FromSeconds(deferSeconds)));
        }

        return ValueTask.FromResult(call <= failTimes
            ? ActivityResult.Fail(context.GetOptionalString("errorKind") ?? "LenderDown", $"call {call} failed",
                context.GetInput("retryable")?.GetValue<bool>() ?? true, new JsonObject { ["status"] = 503 })
            : ActivityResult.Complete());
    }
}

[Activity("Test.Compensate")]
[ActivityInput("label", ActivityValueType.Any)]
public sealed class CompensateActivity(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        probe.Executions.Enqueue($"compensate:{context.GetOptionalString("label")}");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}

/// <summary>Trigger-then-poll: triggers once, then polls on a timer until the third poll says done.</summary>
[Activity("Test.Poll", IsWait = true, Outputs = ["polls"])]
public sealed class PollActivity(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        probe.Executions.Enqueue("trigger");
        context.State["polls"] = 0;
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow.AddSeconds(30), "poll")));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        if (probe.PollGate is { } gate)
        {
            probe.PollEntered.TrySetResult();
            await gate.Task;
        }

        var polls = context.State["polls"]!.GetValue<int>() + 1;
        context.State["polls"] = polls;
        probe.Executions.Enqueue($"poll{polls}");
        return polls < 3
            ? ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow.AddSeconds(30), "poll"))
            : ActivityResult.Complete(output: new JsonObject { ["polls"] = polls });
    }
}

/// <summary>
/// Trigger-then-poll where every poll only reads (<see cref="ActivityResult.SuspendReadOnly"/>): triggers once (the step state keeps
/// the trigger's reference), then polls every <c>every</c> (default 2 s) until poll number <c>polls</c> (default 4) says done. Each poll
/// journals <c>Polled</c> with its number, counted per instance by the probe (the step state must not change). <c>changeState</c>:
/// every poll also writes the step state (a mislabelled suspension, which the engine must commit). <c>completeReadOnly</c>: the last
/// poll completes with <see cref="ActivityResult.CompleteReadOnly"/>. Each poll waits at the probe's poll gate when one is set.
/// </summary>
[Activity("Test.ReadOnlyPoll", IsWait = true, Outputs = ["polls"])]
[ActivityInput("every", ActivityValueType.Duration)]
[ActivityInput("polls", ActivityValueType.Integer)]
[ActivityInput("changeState", ActivityValueType.Boolean)]
[ActivityInput("completeReadOnly", ActivityValueType.Boolean)]
public sealed class ReadOnlyPollActivity(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        probe.Executions.Enqueue("trigger");
        context.State["reference"] = "R1";
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow + Every(context), "poll")));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        if (probe.PollGate is { } gate)
        {
            probe.PollEntered.TrySetResult();
            await gate.Task;
        }

        var poll = probe.Next("poll:" + context.InstanceId);
        probe.Executions.Enqueue($"poll{poll}");
        context.AddJournalEntry("Polled", new JsonObject { ["poll"] = poll });
        if (context.GetInput<bool?>("changeState") == true)
        {
            context.State["lastPoll"] = poll;
        }

        return poll < (context.GetInput<int?>("polls") ?? 4)
            ? ActivityResult.SuspendReadOnly(BookmarkRequest.Timer(context.UtcNow + Every(context), "poll"))
            : context.GetInput<bool?>("completeReadOnly") == true
                ? ActivityResult.CompleteReadOnly(output: new JsonObject { ["polls"] = poll })
                : ActivityResult.Complete(output: new JsonObject { ["polls"] = poll });
    }

    private static TimeSpan Every(ActivityContext context) => context.GetOptionalDuration("every") ?? TimeSpan.FromSeconds(2);
}

/// <summary>
/// A once-only trigger (as Prism's agreement and disbursal are): saves its intent <c>disburse</c> (<c>ref</c> A1, A2, … per trigger of
/// the instance), then its first poll finds it done (<see cref="ActivityResult.CompleteReadOnly"/>): <c>Again</c> until the instance's
/// <c>loops</c>-th trigger (default 1), then <c>Done</c>.
/// </summary>
[Activity("Test.OnceOnlyPoll", IsWait = true, IsOnceOnly = true, Outcomes = ["Done", "Again"])]
[ActivityInput("loops", ActivityValueType.Integer)]
public sealed class OnceOnlyPollActivity(TestProbe probe) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var trigger = probe.Next("once-only-trigger:" + context.InstanceId);
        await context.SaveIntentAsync("disburse", new JsonObject { ["ref"] = $"A{trigger}" });
        probe.Executions.Enqueue($"{context.StepId}:trigger{trigger}");
        return ActivityResult.Suspend(BookmarkRequest.Timer(context.UtcNow + TimeSpan.FromSeconds(2), "poll"));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        probe.Executions.Enqueue($"{context.StepId}:poll");
        var again = probe.Count("once-only-trigger:" + context.InstanceId) < (context.GetInput<int?>("loops") ?? 1);
        return ValueTask.FromResult(ActivityResult.CompleteReadOnly(again ? "Again" : "Done"));
    }
}

/// <summary>A once-only call: saves its intent, then (scripted) crashes before completing; the re-run reconciles.</summary>
[Activity("Test.Once", IsOnceOnly = true)]
[ActivityInput("amount", ActivityValueType.Any, Description = "Not read: what a money call would send (a migration compares it).")]
public sealed class OnceActivity(TestProbe probe) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.GetIntent("disburse") is { } intent)
        {
            probe.Executions.Enqueue($"reconcile:{intent["ref"]}");
            return ActivityResult.Complete();
        }

        await context.SaveIntentAsync("disburse", new JsonObject { ["ref"] = "R1" });
        probe.Executions.Enqueue("send");
        return ActivityResult.Fail("Crash", "simulated crash after the side effect");
    }
}

/// <summary>
/// A money call: saves its intent, "sends" (recorded in the probe), then records the answer in the intent. With the probe's
/// pay gate, it stops before saving the intent (<c>"holdAt": "beforeSend"</c>) or after sending (<c>"afterSend"</c>).
/// </summary>
[Activity("Test.Pay", IsOnceOnly = true)]
[ActivityInput("holdAt", ActivityValueType.String)]
public sealed class PayActivity(TestProbe probe) : HeldMoneyCall(probe)
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        await SendAsync(context, refused: false);
        return ActivityResult.Complete();
    }
}

/// <summary>
/// A disbursal, past which a cancel cannot go (<see cref="ActivityAttribute.PointOfNoReturn"/>): <see cref="PayActivity"/>'s
/// call, answered <c>Disbursed</c>; or, with <c>"answer": "refused"</c>, refused by the lender (the intent marked answered
/// with a failure, held at <c>"afterAnswer"</c>), <c>Rejected</c>; or, with <c>"answer": "lost"</c>, no answer: an
/// outcome-unknown incident for the operator; or, with <c>"answer": "taken"</c>, the lender said it took the call and gave no
/// reference: the same incident, the intent marked taken.
/// </summary>
[Activity("Test.Disburse", IsOnceOnly = true, PointOfNoReturn = ["Disbursed"], Outcomes = ["Disbursed", "Rejected"])]
[ActivityInput("holdAt", ActivityValueType.String)]
[ActivityInput("answer", ActivityValueType.String)]
public sealed class DisburseActivity(TestProbe probe) : HeldMoneyCall(probe)
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var answer = context.GetOptionalString("answer");
        if (answer == "lost")
        {
            await context.SaveIntentAsync("pay", new JsonObject { ["amount"] = 100 });
            return ActivityResult.Fail(OperatorDecision.ErrorKind, "no answer to the disbursal", retryable: false);
        }

        if (answer == "taken")
        {
            await context.SaveIntentAsync("pay", new JsonObject { ["amount"] = 100 });
            await context.RecordIntentAsync("pay", new JsonObject { ["amount"] = 100, [IntentRecord.TakenByLender] = "FBX-S-208" });
            return ActivityResult.Fail(OperatorDecision.ErrorKind, "the lender took the disbursal and gave no reference", retryable: false);
        }

        await SendAsync(context, refused: answer == "refused");
        return ActivityResult.Complete(answer == "refused" ? "Rejected" : "Disbursed");
    }
}

/// <summary>Saves the intent, sends, records the answer; held by the probe's pay gate where the step's <c>holdAt</c> says.</summary>
public abstract class HeldMoneyCall(TestProbe probe) : Activity
{
    protected async Task SendAsync(ActivityContext context, bool refused)
    {
        var holdAt = context.GetOptionalString("holdAt");
        await HoldAsync(holdAt == "beforeSend", context.CancellationToken);
        await context.SaveIntentAsync("pay", new JsonObject { ["amount"] = 100 });
        probe.Executions.Enqueue($"{context.StepId}:send");
        await HoldAsync(holdAt == "afterSend", context.CancellationToken);
        await context.RecordIntentAsync("pay", refused
            ? new JsonObject { ["amount"] = 100, ["answer"] = "refused", [IntentRecord.AnsweredWithFailure] = true }
            : new JsonObject { ["amount"] = 100, ["answer"] = "UTR1" });
        await HoldAsync(holdAt == "afterAnswer", context.CancellationToken);
    }

    // Held as a lender call would be: until the gate opens, or until the step's token cancels the call (a node's stop after its grace period).
    private async Task HoldAsync(bool here, CancellationToken cancellationToken)
    {
        if (here && probe.PayGate is { } gate)
        {
            probe.PayEntered.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Waits for sensitive signal "otp"; what it does with it depends on the OTP: <c>1111</c> verifies, <c>0000</c> is wrong (asked
/// again with a reason), <c>5555</c> waits again saying nothing, <c>7777</c> asks again with words quoting the OTP, <c>9999</c>
/// fails the attempt (retryable <c>LenderTimeout</c>), <c>4444</c> takes it and waits for another signal.
/// </summary>
[Activity("Test.OtpAskAgain", IsWait = true, Outcomes = ["Verified", "Next"])]
public sealed class AskAgainOtpActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(Wait());

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        switch (stimulus.Key, stimulus.Payload?["otp"]?.GetValue<string>())
        {
            case ("next", _):
                return ValueTask.FromResult(ActivityResult.Complete("Next"));
            case (_, "1111"):
                return ValueTask.FromResult(ActivityResult.Complete("Verified"));
            case (_, "0000"):
                context.AskAgain("OtpIncorrect", "The OTP is not correct.", attemptsLeft: 2);
                return ValueTask.FromResult(Wait());
            case (_, "7777"):
                context.AskAgain("OtpIncorrect", "The OTP 7777 is not correct.");
                return ValueTask.FromResult(Wait());
            case (_, "9999"):
                return ValueTask.FromResult(ActivityResult.Fail("LenderTimeout", "The lender did not answer in time."));
            case (_, "4444"):
                context.AskAgain("Ignored", "A step that waits for another signal took this one.");
                return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Signal("next")));
            default:
                return ValueTask.FromResult(Wait());
        }
    }

    private static ActivityResult Wait() => ActivityResult.Suspend(BookmarkRequest.Signal("otp", sensitive: true));
}

/// <summary>Waits for sensitive signal "otp" or "resend"; the resume sees the OTP in memory only.</summary>
[Activity("Test.Otp", IsWait = true, Outcomes = ["Verified", "Resent"])]
public sealed class OtpActivity(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Signal("otp", sensitive: true), BookmarkRequest.Signal("resend")));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        if (stimulus.Name == "resend")
        {
            return ValueTask.FromResult(ActivityResult.Complete("Resent"));
        }

        probe.OnOtpResume?.Invoke();
        probe.Executions.Enqueue($"verify:{stimulus.Payload?["otp"]?.GetValue<string>().Length}");
        return ValueTask.FromResult(ActivityResult.Complete("Verified", new JsonObject { ["verified"] = true }));
    }
}
