using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>The async handshake result is POSTed by the sandbox process to the server's callback (<c>Journeys:PublicBaseUrl</c>).</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class PartnerHandshakeJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Theory]
    [InlineData("1234")]
    [InlineData("0010")]
    public async Task PartnerHandshakeVerifiedSyncOrAsyncStartsTheLoanWhichDisbursesAndSharesApproval(string scenario)
    {
        var (input, customerRef, loanCustomerId) = Samples.HandshakeJourney(scenario);
        var id = await _api.StartAsync(Samples.Handshake, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        Assert.Equal([true], await _api.TokenSharesAsync(customerRef));
        Assert.Equal(1, (await _api.CountersAsync(loanCustomerId))["disbursal"]);
        var journal = await _api.JournalAsync(id);
        Assert.Equal(scenario == "0010" ? 1 : 0, journal.Count(e => e!["kind"]!.GetValue<string>() == "WebhookReceived"));
    }

    [Theory]
    [InlineData("0011")]
    [InlineData("0012")]
    public async Task PartnerHandshakeRefusedSyncOrAsyncEndsRejectedWithoutALoan(string scenario)
    {
        var (input, _, loanCustomerId) = Samples.HandshakeJourney(scenario);

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Handshake, input));

        Assert.Equal("Rejected", Outcome(done));
        Assert.Empty(await _api.CountersAsync(loanCustomerId));
        Assert.Null(done["partner"]?["childInstanceId"]);
    }
}
