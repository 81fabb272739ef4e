using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.Tests.TestSupport;
using static LoanJourney.Lenders.Common.LenderResultKind;
using static LoanJourney.Lenders.Tests.Contract.SourcingJourney;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Every Sourcing v1 client method against the running sandbox: its success and each documented HTTP refusal.</summary>
[Collection(SandboxContract.Name)]
public sealed class SourcingContractTests(SandboxContractFixture sandbox)
{
    private IFinBoxSourcingClient Sourcing => sandbox.Sourcing;

    [Fact]
    public async Task CreateUserAnswersStatusTrue()
    {
        var result = await Sourcing.CreateUserAsync(new CreateUserRequest { CustomerID = TestIds.Customer(), Mobile = TestIds.Mobile() });

        AssertOk(result);
        Assert.Equal("user created!", result.Body!.Data!.Message);
    }

    [Theory]
    [InlineData(null, "9876543210")]
    [InlineData("present", null)]
    [InlineData("present", "12345")]
    public async Task CreateUserWithMissingCustomerIdOrMissingOrInvalidMobileIs403(string? customer, string? mobile)
    {
        var result = await Sourcing.CreateUserAsync(new CreateUserRequest { CustomerID = customer is null ? null : TestIds.Customer(), Mobile = mobile });

        AssertRefused(result, TerminalFailure, 403);
    }

    [Fact]
    public async Task CreateUserAgainIs409AndCountsAsDone()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.CreateUserAsync(new CreateUserRequest { CustomerID = journey.CustomerID, Mobile = journey.Mobile });

        Assert.Equal(Success, result.Kind);
        Assert.Equal("HTTP 409", result.LenderCode);
        Assert.False(result.Body!.Status);
    }

    [Fact]
    public async Task EligibilityAnswersTheEligibleAmount()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.GetEligibilityAsync(journey.CustomerID);

        AssertOk(result);
        Assert.Equal(15_000, result.Body!.Data!.EligibleAmount);
        Assert.True(result.Body.Data.IsEligible);
    }

    [Fact]
    public async Task EligibilityWithoutCustomerIdIs403() =>
        AssertRefused(await Sourcing.GetEligibilityAsync(""), TerminalFailure, 403);

    [Fact]
    public async Task EligibilityForUnknownUserIs400() =>
        AssertRefused(await Sourcing.GetEligibilityAsync(TestIds.Customer()), TerminalFailure, 400);

    [Fact]
    public async Task Scenario0009EligibilityWithoutDataIs409Processing()
    {
        var journey = await new SourcingJourney(sandbox, "0009").CreatedAsync();

        AssertRefused(await Sourcing.GetEligibilityAsync(journey.CustomerID), Processing, 409);
    }

    [Fact]
    public async Task GenerateTokenAnswersAFreshTokenEachCall()
    {
        var journey = await new SourcingJourney(sandbox).EligibleAsync();

        var first = await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = journey.CustomerID });
        var second = await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = journey.CustomerID });

        AssertOk(first);
        AssertOk(second);
        Assert.False(string.IsNullOrEmpty(first.Body!.Data!.Token));
        Assert.NotEqual(first.Body.Data.Token, second.Body!.Data!.Token);
    }

    [Fact]
    public async Task GenerateTokenWithoutCustomerIdIs403() =>
        AssertRefused(await Sourcing.GenerateTokenAsync(new GenerateTokenRequest()), TerminalFailure, 403);

    [Fact]
    public async Task GenerateTokenForUnknownUserIs404() =>
        AssertRefused(await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = TestIds.Customer() }), TerminalFailure, 404);

    [Fact]
    public async Task GenerateTokenBeforeEligibilityIs400Processing()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        AssertRefused(await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = journey.CustomerID }), Processing, 400);
    }

    [Fact]
    public async Task Scenario0000GenerateTokenForIneligibleUserIs403Rejected()
    {
        var journey = await new SourcingJourney(sandbox, "0000").CreatedAsync();
        var eligibility = await Sourcing.GetEligibilityAsync(journey.CustomerID);

        var result = await Sourcing.GenerateTokenAsync(new GenerateTokenRequest { CustomerID = journey.CustomerID });

        Assert.False(eligibility.Body!.Data!.IsEligible);
        AssertRefused(result, Rejected, 403);
        Assert.Contains("not eligible", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PartnerPushBeforeTheTokenIsAccepted()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.PushPartnerDataAsync(PushSample(journey.CustomerID));

        AssertOk(result);
        Assert.Equal("Sample User", (await Sourcing.GetUserProfileAsync(journey.CustomerID)).Body!.Data!.UserProfile!.Name);
    }

    [Fact]
    public async Task PartnerPushWithoutCustomerIdIs403() =>
        AssertRefused(await Sourcing.PushPartnerDataAsync(PushSample(null)), TerminalFailure, 403);

    [Fact]
    public async Task PartnerPushForUnknownUserIs404() =>
        AssertRefused(await Sourcing.PushPartnerDataAsync(PushSample(TestIds.Customer())), TerminalFailure, 404);

    [Fact]
    public async Task PartnerPushAfterTheJourneyStartedIs400()
    {
        var journey = await new SourcingJourney(sandbox).StartedAsync();

        var result = await Sourcing.PushPartnerDataAsync(PushSample(journey.CustomerID));

        AssertRefused(result, TerminalFailure, 400);
        Assert.StartsWith("User journey already started", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerPushWithAnInvalidFieldIs400NamingIt()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.PushPartnerDataAsync(PushSample(journey.CustomerID) with { Dob = "01/01/1992" });

        AssertRefused(result, TerminalFailure, 400);
        Assert.StartsWith("Invalid dob, passed value:", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerPushWithPanNotInGstinIs400AndThePanIsMaskedInTheMessage()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.PushPartnerDataAsync(PushSample(journey.CustomerID) with { Pan = "ABCDE1234F" });

        AssertRefused(result, TerminalFailure, 400);
        Assert.StartsWith("PAN is not matching with GSTIN", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCDE1234F", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListUsersFindsTheUserByCustomerIdAndMobile()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var byId = await Sourcing.ListUsersAsync(new SourcingListQuery { CustomerID = journey.CustomerID });
        var byMobile = await Sourcing.ListUsersAsync(new SourcingListQuery { Mobile = journey.Mobile, Limit = 5, Page = 1 });

        Assert.Equal(Success, byId.Kind);
        Assert.Equal(1, byId.Body!.Data!.Total);
        var user = Assert.Single(byId.Body.Data.UserList!);
        Assert.Equal(journey.Mobile, user.Mobile);
        Assert.Contains(byMobile.Body!.Data!.UserList!, u => u.CustomerID == journey.CustomerID);
    }

    [Fact]
    public async Task UserProfileAnswersTheProfile()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        var result = await Sourcing.GetUserProfileAsync(journey.CustomerID);

        AssertOk(result);
        Assert.Equal(journey.CustomerID, result.Body!.Data!.UserProfile!.CustomerID);
        Assert.Equal(journey.Mobile, result.Body.Data.UserProfile.Mobile);
    }

    [Fact]
    public async Task UserProfileWithoutCustomerIdIs403() =>
        AssertRefused(await Sourcing.GetUserProfileAsync(""), TerminalFailure, 403);

    [Fact]
    public async Task UserProfileForUnknownUserIs404() =>
        AssertRefused(await Sourcing.GetUserProfileAsync(TestIds.Customer()), TerminalFailure, 404);

    [Fact]
    public async Task ListLoansFindsTheApplicationOnceCreated()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_application_created");

        var result = await Sourcing.ListLoansAsync(new SourcingListQuery { CustomerID = journey.CustomerID });

        Assert.Equal(Success, result.Kind);
        var loan = Assert.Single(result.Body!.Data!.Loans!);
        Assert.Equal(journey.LoanApplicationID, loan.LoanApplicationID);
    }

    [Fact]
    public async Task LoanDetailsAnswersTheApplication()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_application_created");

        var result = await Sourcing.GetLoanDetailsAsync(journey.LoanApplicationID!);

        AssertOk(result);
        Assert.Equal(journey.LoanApplicationID, result.Body!.Data!.LoanApplicationID);
        Assert.Equal(journey.CustomerID, result.Body.Data.LoanDetails!.CustomerID);
    }

    [Fact]
    public async Task LoanDetailsWithoutIdIs403AndForUnknownIdIs404()
    {
        AssertRefused(await Sourcing.GetLoanDetailsAsync(""), TerminalFailure, 403);
        AssertRefused(await Sourcing.GetLoanDetailsAsync(Guid.NewGuid().ToString()), TerminalFailure, 404);
    }

    [Fact]
    public async Task LoanOffersAreRefusedBeforeApprovalAndListedAfter()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_application_created");
        var early = await Sourcing.GetLoanOffersAsync(journey.LoanApplicationID!);
        await journey.ReachedAsync("loan_approved");

        var result = await Sourcing.GetLoanOffersAsync(journey.LoanApplicationID!);

        AssertRefused(early, TerminalFailure, 403);
        AssertOk(result);
        // The sandbox lists a declined offer before the accepted one (docs/sandbox.md), as a client must not take the first.
        Assert.Equal(["offer_declined", "offer_accepted"], result.Body!.Data!.Select(o => o.Status));
        var offer = Assert.Single(result.Body.Data!, o => o.Status == "offer_accepted");
        Assert.Equal(15_000, offer.Amount);
        Assert.All(result.Body.Data!, o => Assert.Equal(o.TenureMonths, o.Emis!.Count));
    }

    [Fact]
    public async Task SignedAgreementIsRefusedBeforeItIsGeneratedAndAnsweredAfter()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_approved");
        var early = await Sourcing.GetSignedAgreementAsync(journey.LoanApplicationID!);
        await journey.ReachedAsync("loan_signed_agreement_generated");

        var result = await Sourcing.GetSignedAgreementAsync(journey.LoanApplicationID!);

        AssertRefused(early, TerminalFailure, 403);
        AssertOk(result);
        Assert.StartsWith("https://", result.Body!.Data!.SignedAgreementURL, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepaymentsAndEdiRepaymentsAreAnsweredAfterDisbursal()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_signed_agreement_generated");
        var early = await Sourcing.GetRepaymentsAsync(journey.LoanApplicationID!);
        var earlyEdi = await Sourcing.GetEdiRepaymentsAsync(journey.LoanApplicationID!);
        await journey.ReachedAsync("loan_disbursed");

        var repayments = await Sourcing.GetRepaymentsAsync(journey.LoanApplicationID!);
        var edi = await Sourcing.GetEdiRepaymentsAsync(journey.LoanApplicationID!);

        AssertRefused(early, Rejected, 403);
        AssertRefused(earlyEdi, Rejected, 403);
        AssertOk(repayments);
        Assert.Equal(6, repayments.Body!.Data!.EmiList!.Count);
        Assert.Equal(1, repayments.Body.Data.EmiList[0].InstallmentNum);
        AssertOk(edi);
        Assert.Equal(journey.LoanApplicationID, edi.Body!.Data!.LoanApplicationID);
        Assert.Equal(edi.Body.Data.NumTotalEDIs, edi.Body.Data.NumUnpaidEDIs);
    }

    [Fact]
    public async Task RepayOfAnUnknownLoanIsRefused()
    {
        var result = await Sourcing.RepayAsync(new RepayRequest { LoanApplicationID = Guid.NewGuid().ToString(), InstallmentNum = 1, AmountReceived = 1000 });

        AssertRefused(result, Rejected, 404);
    }

    [Fact]
    public async Task CreditLineDetailsAndTransactionsAre404ForAPersonalLoanUserAnd403WithoutCustomerId()
    {
        var journey = await new SourcingJourney(sandbox).CreatedAsync();

        AssertRefused(await Sourcing.GetCreditLineDetailsAsync(journey.CustomerID), TerminalFailure, 404);
        AssertRefused(await Sourcing.GetCreditLineDetailsAsync(""), TerminalFailure, 403);
        AssertRefused(await Sourcing.GetCreditLineTransactionsAsync(journey.CustomerID, "partner-txn-1"), TerminalFailure, 404);
        AssertRefused(await Sourcing.GetCreditLineTransactionsAsync(""), TerminalFailure, 403);
    }

    [Fact]
    public async Task ConfirmCancelAndSplitWithoutTxnIdAre403AndWithUnknownTxnIdAre404()
    {
        var txn = Guid.NewGuid().ToString();

        AssertRefused(await Sourcing.ConfirmTransactionAsync(new ConfirmTransactionRequest()), TerminalFailure, 403);
        AssertRefused(await Sourcing.ConfirmTransactionAsync(System.Text.Json.JsonSerializer.Deserialize<ConfirmTransactionRequest>(Samples.Read("FinBoxSourcing/22-txn-confirm.request.json"), LoanJourney.Lenders.Common.LenderJson.Options)! with { TxnID = txn }), TerminalFailure, 404);
        AssertRefused(await Sourcing.CancelTransactionAsync(new CancelTransactionRequest()), TerminalFailure, 403);
        AssertRefused(await Sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = txn }), TerminalFailure, 404);
        AssertRefused(await Sourcing.SplitTransactionAsync(new SplitTransactionRequest()), TerminalFailure, 403);
        AssertRefused(await Sourcing.SplitTransactionAsync(new SplitTransactionRequest { TxnID = txn, Invoices = [new SplitInvoice { InvoiceNo = "INV1", Amount = 10 }] }), TerminalFailure, 404);
    }

    [Fact]
    public async Task MergeWithFewerThanTwoTxnIdsIs400AndWithUnknownOnesIs404()
    {
        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest()), TerminalFailure, 400);
        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = ["only-one"] }), TerminalFailure, 400);
        AssertRefused(await Sourcing.MergeTransactionsAsync(new MergeTransactionsRequest { TxnIDs = ["t1", "t2"] }), TerminalFailure, 404);
    }

    [Fact]
    public async Task UserActivityListsTheEventsSoFar()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync("loan_application_created");

        var result = await Sourcing.GetUserActivityAsync(journey.CustomerID);

        AssertOk(result);
        Assert.Equal(
            [SourcingWebhookEvents.UserCreated, SourcingWebhookEvents.EligibilityCalculated, SourcingWebhookEvents.LoanApplicationCreated],
            result.Body!.Data!.UserActivityHistory!.Select(a => a.EventType));
    }

    [Fact]
    public async Task UserActivityWithoutCustomerIdIs403AndForUnknownUserIs404()
    {
        AssertRefused(await Sourcing.GetUserActivityAsync(""), TerminalFailure, 403);
        AssertRefused(await Sourcing.GetUserActivityAsync(TestIds.Customer()), TerminalFailure, 404);
    }

    private static PartnerPushRequest PushSample(string? customerID) =>
        System.Text.Json.JsonSerializer.Deserialize<PartnerPushRequest>(Samples.Read("FinBoxSourcing/07-push.request.json"), LoanJourney.Lenders.Common.LenderJson.Options)!
            with { CustomerID = customerID };
}
