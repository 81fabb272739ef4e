using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

[Collection(SharedDeploymentGroup.Name)]
public sealed class EdiLoanJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task EdiLoanHappyPathUploadsTheDocumentsAndReachesDisbursed()
    {
        var (input, customerId, partnerRef) = Samples.Prism(Samples.EdiLoan);
        var id = await _api.StartAsync(Samples.EdiLoan, input);

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        var uploads = (await _api.JournalAsync(id)).Count(e => e!["kind"]!.GetValue<string>() == "LenderCall"
            && e["data"]!["path"]!.GetValue<string>().EndsWith("/v2/document/upload", StringComparison.Ordinal));
        Assert.Equal(4, uploads);
        Assert.Equal(1, (await _api.CountersAsync(customerId))["disbursal"]);
        Assert.Equal([true], await _api.TokenSharesAsync(partnerRef));
    }

    [Fact]
    public async Task EdiLoanBreRejectionEndsRejectedAndSharesFinalApprovalFalse()
    {
        var (input, _, partnerRef) = Samples.Prism(Samples.EdiLoan, "0000");

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.EdiLoan, input));

        Assert.Equal("Rejected", Outcome(done));
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
    }
}
