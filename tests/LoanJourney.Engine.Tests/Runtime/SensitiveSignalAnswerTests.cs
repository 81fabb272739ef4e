using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A sensitive signal's answer says what the waiting step did with it (WorkflowInstance.SignalAnswer): the payload lives only in
/// that call, so its sender must learn there whether to send it again (session 48: an OTP Capital Float could not verify
/// answered 202 like one it verified). The activity's reason comes through ActivityContext.AskAgain.
/// </summary>
public sealed class SensitiveSignalAnswerTests
{
    private static readonly string Flow = Workflow("otp-answer", $"""
        {Step("a", "Test.OtpAskAgain", """{ "Verified": "end", "Next": "end" }""")},
        {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """);

    private static JsonObject Otp(string otp) => new JsonObject { ["otp"] = otp };

    [Fact]
    public async Task AWrongOtp_IsAskedAgain_WithTheActivitysReason_ThenTheRightOneIsTaken()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("otp-answer");

        var wrong = await engine.Client.SignalAsync(instance.Id, "otp", Otp("0000"));
        Assert.Equal(new SignalAnswer("otp", SignalResult.AskedAgain) { Reason = "OtpIncorrect", Message = "The OTP is not correct.", AttemptsLeft = 2 }, wrong.SignalAnswer);
        Assert.Equal((WorkflowStatus.Waiting, "a"), (wrong.Status, wrong.CurrentStepId));

        var right = await engine.Client.SignalAsync(instance.Id, "otp", Otp("1111"));
        Assert.Equal(new SignalAnswer("otp", SignalResult.Taken) { StepOutcome = "Verified" }, right.SignalAnswer);
    }

    [Fact]
    public async Task AStepThatWaitsAgainSayingNothing_IsAskedAgainWithoutAReason()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("otp-answer");

        var answer = (await engine.Client.SignalAsync(instance.Id, "otp", Otp("5555"))).SignalAnswer;

        Assert.Equal(new SignalAnswer("otp", SignalResult.AskedAgain), answer);
    }

    [Fact]
    public async Task AReasonThatQuotesThePayload_IsLeftOut()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("otp-answer");

        var answer = (await engine.Client.SignalAsync(instance.Id, "otp", Otp("7777"))).SignalAnswer;

        Assert.Equal(new SignalAnswer("otp", SignalResult.AskedAgain), answer);
    }

    [Fact]
    public async Task AFailedAttempt_IsFailedWithItsErrorKind()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("otp-answer");

        var failed = await engine.Client.SignalAsync(instance.Id, "otp", Otp("9999"));

        Assert.Equal(new SignalAnswer("otp", SignalResult.Failed) { Reason = "LenderTimeout", Message = "The lender did not answer in time." }, failed.SignalAnswer);
    }

    [Fact]
    public async Task AStepThatWaitsForAnotherSignal_TookIt_WhateverItSaid()
    {
        await using var engine = await EngineHarness.StartAsync(Flow);
        var instance = await engine.StartAndRunAsync("otp-answer");

        var taken = await engine.Client.SignalAsync(instance.Id, "otp", Otp("4444"));

        Assert.Equal(new SignalAnswer("otp", SignalResult.Taken), taken.SignalAnswer);
        // A durable signal is stored and run later: its answer says only that (session 50), nothing of what the step did.
        Assert.Equal(new SignalAnswer("next", SignalResult.Queued), (await engine.Client.SignalAsync(instance.Id, "next", null)).SignalAnswer);
    }
}
