using System.Text.Json;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.Tests.TestSupport;

namespace LoanJourney.Lenders.Tests.FinBoxSourcing;

/// <summary>Every Sourcing v1 sample of the seed document, verbatim. Two samples carry a trailing comma (Loan Details after
/// <c>residenceType</c>, Credit Line Transactions after <c>totalPayable</c>): the clients read lenders' JSON with trailing commas
/// allowed, so no fix is applied.</summary>
public sealed class SourcingSampleTests
{
    public static TheoryData<string, Type> JsonSamples { get; } = new()
    {
        { "01-envelope.json", typeof(SourcingResponse<JsonElement>) },
        { "02-create-user.request.json", typeof(CreateUserRequest) },
        { "03-create-user.response.json", typeof(SourcingResponse<MessageData>) },
        { "04-eligibility.response.json", typeof(SourcingResponse<EligibilityData>) },
        { "05-token.request.json", typeof(GenerateTokenRequest) },
        { "06-token.response.json", typeof(SourcingResponse<TokenData>) },
        { "07-push.request.json", typeof(PartnerPushRequest) },
        { "08-push.response.json", typeof(SourcingResponse<MessageData>) },
        { "09-push.error.json", typeof(SourcingResponse<MessageData>) },
        { "10-list-users.response.json", typeof(SourcingResponse<UserListData>) },
        { "11-user-profile.response.json", typeof(SourcingResponse<UserProfileData>) },
        { "12-list-loans.response.json", typeof(SourcingResponse<LoanListData>) },
        { "13-loan-details.response.json", typeof(SourcingResponse<LoanDetailsData>) },
        { "14-loan-offers.response.json", typeof(SourcingResponse<List<LoanOffer>>) },
        { "15-signed-agreement.response.json", typeof(SourcingResponse<SignedAgreementData>) },
        { "16-repayments.response.json", typeof(SourcingResponse<RepaymentsData>) },
        { "17-edi-repayments.response.json", typeof(SourcingResponse<EdiRepaymentsData>) },
        { "18-repay.request.json", typeof(RepayRequest) },
        { "19-repay.response.json", typeof(SourcingResponse<RepayData>) },
        { "20-credit-line-details.response.json", typeof(SourcingResponse<CreditLineDetailsData>) },
        { "21-credit-line-transactions.response.json", typeof(SourcingResponse<CreditLineTransactionsData>) },
        { "22-txn-confirm.request.json", typeof(ConfirmTransactionRequest) },
        { "23-txn-cancel.request.json", typeof(CancelTransactionRequest) },
        { "24-txn-split.request.json", typeof(SplitTransactionRequest) },
        { "25-txn-merge.request.json", typeof(MergeTransactionsRequest) },
        { "26-txn-merge.response.json", typeof(SourcingResponse<MergeTransactionsData>) },
        { "27-user-activity.response.json", typeof(SourcingResponse<UserActivityData>) },
        { "28-webhook.payload.json", typeof(WebhookPayload) },
    };

    [Theory]
    [MemberData(nameof(JsonSamples))]
    public void Sample_RoundTripsWithDocumentedNames(string file, Type type) =>
        JsonRoundTrip.Assert(Samples.Read("FinBoxSourcing/" + file), type);

    [Fact]
    public void LoanDetailsSample_WithTrailingComma_KeepsEveryField()
    {
        var details = JsonRoundTrip.Assert<SourcingResponse<LoanDetailsData>>(Samples.Read("FinBoxSourcing/13-loan-details.response.json"));
        Assert.Equal("Rented", details.Data!.LoanDetails!.ResidenceType);
        Assert.Equal("Papa", details.Data.LoanDetails.LoanFormData!["reference1ContactName"].GetString());
        Assert.Equal("50100100100999", details.Data.BankDetails!.AccountNumber);
    }

    [Fact]
    public void EligibilitySample_UsesSnakeCaseNames()
    {
        var eligibility = JsonRoundTrip.Assert<SourcingResponse<EligibilityData>>(Samples.Read("FinBoxSourcing/04-eligibility.response.json"));
        Assert.Equal(15000m, eligibility.Data!.EligibleAmount);
        Assert.True(eligibility.Data.IsEligible);
    }

    [Fact]
    public void WebhookSample_ParsesAndGetsAStableEventId()
    {
        var body = Samples.Read("FinBoxSourcing/28-webhook.payload.json");
        Assert.True(SourcingWebhook.TryParse(body, out var payload));
        Assert.Equal(SourcingWebhookEvents.EligibilityCalculated, payload!.EventType);
        Assert.Equal(SourcingWebhook.DeriveEventId(payload), SourcingWebhook.DeriveEventId(payload with { }));
        Assert.NotEqual(SourcingWebhook.DeriveEventId(payload), SourcingWebhook.DeriveEventId(payload with { LoggedAt = "2020-09-15 21:58:32" }));
        Assert.False(SourcingWebhook.TryParse("""{"foo":1}""", out _));
    }
}
