namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// A pay-later journey (the shipped sample) faulted on its tranche with an outcome-unknown incident: the sandbox is told to
/// lose the tranche's answer (<paramref name="fault"/>: <c>loseAnswerAfterCommit</c>, the money moved; <c>dropBeforeCommit</c>,
/// it did not), the borrower's OTP is read from the sandbox's inbox and sent, and the journey asks the operator.
/// </summary>
public static class PayLaterTranche
{
    /// <summary>The journey's id, once it is Faulted on an <c>OutcomeUnknown</c> incident.</summary>
    public static async Task<string> FaultedAsync(HttpClient api, string fault = "loseAnswerAfterCommit")
    {
        (await api.PutAsync("/sandbox/faults", Api.Json(new Dictionary<string, string[]> { [fault] = ["paylater/tranche"] }))).Dispose();
        var (id, input, _) = await PayLater.WaitingForOtpAsync(api);
        (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp = await PayLater.OtpAsync(api, id, input) }))).Dispose();
        Xunit.Assert.Equal("OutcomeUnknown", (await api.WaitForStatusAsync(id, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>());
        return id;
    }
}
