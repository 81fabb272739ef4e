using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// Sandbox faults through the registered pipeline: safe calls are retried until they succeed; calls that move money or create
/// lender-side objects are sent once, which the sandbox's counters prove (the fault is applied after the call took effect).
/// </summary>
[Collection(SandboxContract.Name)]
public sealed class FaultContractTests(SandboxContractFixture sandbox)
{
    [Theory]
    [InlineData("503")]
    [InlineData("429")]
    [InlineData("drop")]
    public async Task SafeCallIsRetriedThroughSandboxFaultsAndSucceeds(string fault)
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();
        var reference = await journey.BreTriggeredAsync();
        using var capture = LenderCallCapture.Begin();

        LenderResult<PrismResponse<BreData>> result;
        using (WireFault.Inject(fault, attempts: 2))
        {
            result = await sandbox.Prism.GetBreAsync(reference);
        }

        Assert.Equal(Processing, result.Kind);
        Assert.Equal("GEO-S-001", result.LenderCode);
        Assert.Equal(3, capture.Calls.Count);
    }

    [Fact]
    public async Task SourcingReadIsRetriedThroughA500AndSucceeds()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();
        using var capture = LenderCallCapture.Begin();

        LenderResult<SourcingResponse<EligibilityData>> result;
        using (WireFault.Inject("500"))
        {
            result = await sandbox.Sourcing.GetEligibilityAsync(journey.CustomerID);
        }

        SourcingJourney.AssertOk(result);
        Assert.Equal([500, 200], capture.Calls.Select(c => c.HttpStatus));
    }

    [Fact]
    public async Task DisbursalWhoseAnswerIsLostIsNotResentAndReconcilesAsAlreadyReported()
    {
        var journey = await new PrismJourney(sandbox).AgreementSignedAsync();
        using var capture = LenderCallCapture.Begin();

        LenderResult<PrismResponse<ReferenceData>> lost;
        using (WireFault.Inject("503", attempts: 3, afterEffect: true))
        {
            lost = await journey.TriggerDisbursalAsync();
        }

        Assert.Equal(RetryableFailure, lost.Kind);
        Assert.Equal(503, lost.HttpStatus);
        Assert.Single(capture.Calls);
        Assert.Equal(1, await sandbox.CountAsync(journey.CustomerID, "disbursal"));
        var reconciled = await journey.TriggerDisbursalAsync();
        Assert.Equal(Success, reconciled.Kind);
        Assert.Equal("FBX-S-208", reconciled.LenderCode);
    }

    [Fact]
    public async Task BlockWhoseConnectionDropsIsNotResentAndItsOutcomeIsUnknown()
    {
        var (app, order) = (TestIds.App(), TestIds.Order());

        LenderResult<BlockResponse> result;
        using (WireFault.Inject("drop", attempts: 3, afterEffect: true))
        {
            result = await sandbox.CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = order, Amount = "1000" });
        }

        Assert.Equal(RetryableFailure, result.Kind);
        Assert.True(result.OutcomeUnknown);
        Assert.Null(result.HttpStatus);
        Assert.Equal(1, await sandbox.CountAsync(app, "block"));
        var balance = await sandbox.CapitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = app, OrderId = order });
        Assert.Equal("1000", balance.Body!.Balance);
    }

    [Fact]
    public async Task TrancheAnswered500IsNotResent()
    {
        var (app, order) = (TestIds.App(), TestIds.Order());
        await sandbox.CapitalFloat.BlockAsync(new BlockRequest { AppId = app, OrderId = order, Amount = "1000" });
        var otp = await sandbox.OtpAsync(app, order);
        await sandbox.CapitalFloat.VerifyBlockOtpAsync(new VerifyBlockOtpRequest { AppId = app, OrderId = order, Otp = otp });

        LenderResult<TrancheResponse> result;
        using (WireFault.Inject("500", attempts: 3, afterEffect: true))
        {
            result = await sandbox.CapitalFloat.CreateTrancheAsync(new CreateTrancheRequest { AppId = app, OrderId = order, SuborderId = "s1", Amount = "400" });
        }

        Assert.Equal(RetryableFailure, result.Kind);
        Assert.Equal(500, result.HttpStatus);
        Assert.Equal(1, await sandbox.CountAsync(app, "tranche"));
        Assert.Equal(1, await sandbox.CountAsync(app, "block"));
    }

    [Fact]
    public async Task TokenShareAnswered429IsNotResent()
    {
        var reference = TestIds.Customer();

        LenderResult<LoanJourney.Lenders.PartnerToken.TokenShareResponse> result;
        using (WireFault.Inject("429", attempts: 3))
        {
            result = await sandbox.Partner.ShareTokenAsync(new LoanJourney.Lenders.PartnerToken.TokenShareRequest { VerifiedCustomerRefId = reference, FinalApproval = false });
        }

        Assert.Equal(RetryableFailure, result.Kind);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(0, await sandbox.CountAsync(reference, "tokenShare"));
    }
}
