using LoanJourney.Lenders.FinBoxPrism;
using static LoanJourney.Lenders.Common.LenderResultKind;
using static LoanJourney.Lenders.Tests.Contract.PrismJourney;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>The sandbox's scenario rows (last four digits of the mobile) that change what a Prism client sees.</summary>
[Collection(SandboxContract.Name)]
public sealed class PrismScenarioContractTests(SandboxContractFixture sandbox)
{
    private IFinBoxPrismClient Prism => sandbox.Prism;

    [Theory]
    [InlineData("0000", "PRE_BRE_REJECT")]
    [InlineData("0013", "LENDER_BRE_REJECT")]
    public async Task Scenario0000And0013BreIsRejectedWithTheReason(string scenario, string reason)
    {
        var journey = await new PrismJourney(sandbox, scenario).DetailsUpdatedAsync();

        var result = await journey.BreAsync();

        Assert.Equal(Rejected, result.Kind);
        Assert.Equal("GEO-S-002", result.LenderCode);
        Assert.Equal(reason, result.Body!.Data!.RejectionReason);
        Assert.Equal(reason, result.Message);
        Assert.Null(result.Body.Data.Offers);
    }

    [Fact]
    public async Task Scenario0001BreFailsOnceThenSucceedsOnRetrigger()
    {
        var journey = await new PrismJourney(sandbox, "0001").DetailsUpdatedAsync();

        var failed = await journey.BreAsync();
        var retried = await journey.BreAsync();

        Assert.Equal(RetryableFailure, failed.Kind);
        Assert.Equal("GEO-S-003", failed.LenderCode);
        Assert.Equal("FAILED", failed.Body!.Data!.Status);
        AssertSuccess(retried, "GEO-S-000");
        Assert.Single(retried.Body!.Data!.Offers!);
    }

    [Fact]
    public async Task Scenario0002KycAsksForTheCkycOtpThenApproves()
    {
        var journey = await new PrismJourney(sandbox, "0002").OfferAcceptedAsync();
        var reference = await journey.KycTriggeredAsync();

        var answers = new List<LoanJourney.Lenders.Common.LenderResult<PrismResponse<KycData>>>();
        for (var i = 0; i < SandboxContractFixture.ProcessingPolls + SandboxContractFixture.KycActionPendingPolls + 1; i++)
        {
            answers.Add(await Prism.GetKycAsync(reference));
        }

        var pending = answers.Where(a => a.Body!.Data!.Status == "ACTION_PENDING").ToList();
        Assert.Equal(SandboxContractFixture.KycActionPendingPolls, pending.Count);
        Assert.All(pending, a =>
        {
            Assert.Equal(Processing, a.Kind);
            Assert.Equal("GKD-S-001", a.LenderCode);
            Assert.Equal("SUBMIT_CKYC_OTP", a.Body!.Data!.Action);
            Assert.Equal("SUBMIT_CKYC_OTP", a.Message);
        });
        AssertSuccess(answers[^1], "GKD-S-000");
        Assert.Equal("APPROVED", answers[^1].Body!.Data!.Status);
    }

    [Fact]
    public async Task Scenario0003BankingFailsWithPdfIsImageThenSucceedsOnReupload()
    {
        var journey = await new PrismJourney(sandbox, "0003").CreatedAsync();
        var request = new TriggerBankingRequest { CustomerID = journey.CustomerID, BankName = "HDFC", Files = [Pdf("scan.pdf")] };

        var first = await Prism.TriggerBankingAsync(request);
        var failed = await PollAsync(() => Prism.GetBankingAsync(first.Body!.Data!.ReferenceID!));
        var second = await Prism.TriggerBankingAsync(request with { Files = [Pdf("statement.pdf")] });
        var succeeded = await PollAsync(() => Prism.GetBankingAsync(second.Body!.Data!.ReferenceID!));

        Assert.Equal(Rejected, failed.Kind);
        Assert.Equal("BANK-GBR-S-002", failed.LenderCode);
        Assert.Equal("PDF_IS_IMAGE", failed.Body!.Data!.BankingDetails!.ErrorCode);
        Assert.Equal("Scanned images are not supported", failed.Body.Data.BankingDetails.ErrorMessage);
        Assert.StartsWith("PDF_IS_IMAGE", failed.Message, StringComparison.Ordinal);
        AssertSuccess(succeeded, "BANK-GBR-S-000");
    }

    [Fact]
    public async Task Scenario0004KycIsRejectedWithTheMessage()
    {
        var journey = await new PrismJourney(sandbox, "0004").OfferAcceptedAsync();
        var reference = await journey.KycTriggeredAsync();

        var result = await PollAsync(() => Prism.GetKycAsync(reference));

        Assert.Equal(Rejected, result.Kind);
        Assert.Equal("GKD-S-000", result.LenderCode);
        Assert.Equal("REJECTED", result.Body!.Data!.Status);
        Assert.Equal("NAME_MISMATCH", result.Body.Data.Message);
        Assert.Equal("NAME_MISMATCH", result.Message);
    }

    [Fact]
    public async Task Scenario0007KycFailsOnceThenApprovesOnRetrigger()
    {
        var journey = await new PrismJourney(sandbox, "0007").OfferAcceptedAsync();

        var first = await journey.KycTriggeredAsync();
        var failed = await PollAsync(() => Prism.GetKycAsync(first));
        var second = await journey.KycTriggeredAsync();
        var approved = await PollAsync(() => Prism.GetKycAsync(second));

        Assert.Equal(TerminalFailure, failed.Kind);
        Assert.Equal("GKD-E-000", failed.LenderCode);
        Assert.Equal("CKYC_FAILED", failed.Message);
        Assert.Equal("FAILED", failed.Body!.Data!.Status);
        AssertSuccess(approved, "GKD-S-000");
    }

    [Fact]
    public async Task Scenario0005AgreementIsRejected()
    {
        var journey = await new PrismJourney(sandbox, "0005").KycApprovedAsync();
        var reference = await journey.AgreementTriggeredAsync();

        var result = await PollAsync(() => Prism.GetAgreementSigningAsync(reference));

        Assert.Equal(Rejected, result.Kind);
        Assert.Equal("GAS-S-000", result.LenderCode);
        Assert.Equal("REJECTED", result.Body!.Data!.Status);
        Assert.Null(result.Body.Data.AgreementURL);
    }

    [Fact]
    public async Task Scenario0008AgreementFailsOnceThenSignsOnRetrigger()
    {
        var journey = await new PrismJourney(sandbox, "0008").KycApprovedAsync();

        var first = await journey.AgreementTriggeredAsync();
        var failed = await PollAsync(() => Prism.GetAgreementSigningAsync(first));
        var second = await journey.AgreementTriggeredAsync();
        var signed = await PollAsync(() => Prism.GetAgreementSigningAsync(second));

        Assert.Equal(RetryableFailure, failed.Kind);
        Assert.Equal("FAILED", failed.Body!.Data!.Status);
        AssertSuccess(signed, "GAS-S-000");
        Assert.Equal("SUCCESS", signed.Body!.Data!.Status);
    }
}
