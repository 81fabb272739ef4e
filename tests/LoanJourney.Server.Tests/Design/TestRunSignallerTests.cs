using LoanJourney.Engine.Model;
using LoanJourney.Server.Workflows.Design.TestRuns;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// A test run gives up a sensitive signal's wait by the step's own answer to the send (session 49), the answer the signal route
/// gives its sender, not by a table of journal entries of its own: asked again with nothing counted is a refusal (the same answer
/// would be refused again); asked again with attempts left is answered again (each try uses one); taken or failed is no refusal.
/// </summary>
public sealed class TestRunSignallerTests
{
    [Fact]
    public void RefusedBy_AskedAgainWithNoAttemptsCounted_IsARefusal_WithTheStepsWords()
    {
        Assert.Equal("No OTP was given.", TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.AskedAgain) { Reason = "OtpMissing", Message = "No OTP was given." }));
        Assert.Equal("OtpMissing", TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.AskedAgain) { Reason = "OtpMissing" }));
        Assert.Equal("no reason given", TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.AskedAgain)));
    }

    [Fact]
    public void RefusedBy_AskedAgainWithAttemptsLeft_TakenFailedQueuedOrNoAnswer_IsNoRefusal()
    {
        Assert.Null(TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.AskedAgain) { Reason = "OtpIncorrect", Message = "The OTP is not correct.", AttemptsLeft = 2 }));
        Assert.Null(TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.Taken) { StepOutcome = "Verified" }));
        Assert.Null(TestRunSignaller.RefusedBy(new SignalAnswer("otp", SignalResult.Failed) { Reason = "LenderUnavailable" }));
        Assert.Null(TestRunSignaller.RefusedBy(new SignalAnswer("shipment", SignalResult.Queued)));
        Assert.Null(TestRunSignaller.RefusedBy(null));
    }
}
