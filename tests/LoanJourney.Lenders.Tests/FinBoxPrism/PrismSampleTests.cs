using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.Tests.TestSupport;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.FinBoxPrism;

/// <summary>Every Prism v2 sample of the seed document, verbatim.</summary>
public sealed class PrismSampleTests
{
    public static TheoryData<string, Type> JsonSamples { get; } = new()
    {
        { "01-create-user.request.json", typeof(CreateUserRequest) },
        { "02-create-user.response.json", typeof(PrismResponse<MessageData>) },
        { "03-update-user-details.request.json", typeof(UpdateUserDetailsRequest) },
        { "04-update-user-details.nach.request.json", typeof(UpdateUserDetailsRequest) },
        { "05-update-user-details.response.json", typeof(PrismResponse<MessageData>) },
        { "06-trigger-bre.request.json", typeof(TriggerBreRequest) },
        { "07-trigger-bre.response.json", typeof(PrismResponse<ReferenceData>) },
        { "08-get-bre.processing.json", typeof(PrismResponse<BreData>) },
        { "09-get-bre.failed.json", typeof(PrismResponse<BreData>) },
        { "10-get-bre.rejected.json", typeof(PrismResponse<BreData>) },
        { "11-get-bre.success.json", typeof(PrismResponse<BreData>) },
        { "12-accept-offer.request.json", typeof(AcceptOfferRequest) },
        { "13-accept-offer.response.json", typeof(PrismResponse<MessageData>) },
        { "15-trigger-banking.success.json", typeof(PrismResponse<ReferenceData>) },
        { "16-trigger-banking.failed.json", typeof(PrismResponse<ReferenceData>) },
        { "17-get-banking.success.json", typeof(PrismResponse<BankingData>) },
        { "18-get-banking.processing.json", typeof(PrismResponse<BankingData>) },
        { "19-get-banking.failed.json", typeof(PrismResponse<BankingData>) },
        { "20-bank-list.response.json", typeof(BankListResponse) },
        { "25-trigger-kyc.request.json", typeof(TriggerKycRequest) },
        { "26-trigger-kyc.response.json", typeof(PrismResponse<ReferenceData>) },
        { "27-get-kyc.ckyc-otp-triggered.json", typeof(PrismResponse<KycData>) },
        { "28-get-kyc.invalid-ckyc-otp.json", typeof(PrismResponse<KycData>) },
        { "29-get-kyc.ckyc-failed.json", typeof(PrismResponse<KycData>) },
        { "30-get-kyc.okyc-complete.json", typeof(PrismResponse<KycData>) },
        { "31-get-kyc.ongoing.json", typeof(PrismResponse<KycData>) },
        { "32-get-kyc.okyc-failure.json", typeof(PrismResponse<KycData>) },
        { "33-trigger-agreement.request.json", typeof(TriggerAgreementSigningRequest) },
        { "34-trigger-agreement.success.json", typeof(PrismResponse<ReferenceData>) },
        { "35-trigger-agreement.not-uploaded.json", typeof(PrismResponse<ReferenceData>) },
        { "36-get-agreement.success.json", typeof(PrismResponse<AgreementSigningData>) },
        { "37-get-agreement.processing.json", typeof(PrismResponse<AgreementSigningData>) },
        { "38-get-agreement.failed.json", typeof(PrismResponse<AgreementSigningData>) },
        { "39-get-agreement.rejected.json", typeof(PrismResponse<AgreementSigningData>) },
        { "40-trigger-disbursal.request.json", typeof(TriggerDisbursalRequest) },
        { "41-trigger-disbursal.response.json", typeof(PrismResponse<ReferenceData>) },
        { "42-get-disbursal.success.json", typeof(PrismResponse<DisbursalData>) },
        { "43-get-disbursal.processing.json", typeof(PrismResponse<DisbursalData>) },
        { "44-session.request.json", typeof(SessionRequest) },
        { "45-session.response.json", typeof(SessionResponse) },
    };

    public static TheoryData<string, string, LenderResultKind> ResponseKinds { get; } = new()
    {
        { "02-create-user.response.json", FinBoxPrismOperations.CreateUser.Name, Success },
        { "05-update-user-details.response.json", FinBoxPrismOperations.UpdateUserDetails.Name, Success },
        { "07-trigger-bre.response.json", FinBoxPrismOperations.TriggerBre.Name, Success },
        { "08-get-bre.processing.json", FinBoxPrismOperations.GetBre.Name, Processing },
        { "09-get-bre.failed.json", FinBoxPrismOperations.GetBre.Name, RetryableFailure },
        { "10-get-bre.rejected.json", FinBoxPrismOperations.GetBre.Name, Rejected },
        { "11-get-bre.success.json", FinBoxPrismOperations.GetBre.Name, Success },
        { "13-accept-offer.response.json", FinBoxPrismOperations.AcceptOffer.Name, Success },
        { "15-trigger-banking.success.json", FinBoxPrismOperations.TriggerBanking.Name, Success },
        { "16-trigger-banking.failed.json", FinBoxPrismOperations.TriggerBanking.Name, TerminalFailure },
        { "17-get-banking.success.json", FinBoxPrismOperations.GetBanking.Name, Success },
        { "18-get-banking.processing.json", FinBoxPrismOperations.GetBanking.Name, Processing },
        { "19-get-banking.failed.json", FinBoxPrismOperations.GetBanking.Name, Rejected },
        { "20-bank-list.response.json", FinBoxPrismOperations.GetBankList.Name, Success },
        { "26-trigger-kyc.response.json", FinBoxPrismOperations.TriggerKyc.Name, Success },
        { "27-get-kyc.ckyc-otp-triggered.json", FinBoxPrismOperations.GetKyc.Name, Processing },
        { "28-get-kyc.invalid-ckyc-otp.json", FinBoxPrismOperations.GetKyc.Name, Processing },
        { "29-get-kyc.ckyc-failed.json", FinBoxPrismOperations.GetKyc.Name, TerminalFailure },
        { "30-get-kyc.okyc-complete.json", FinBoxPrismOperations.GetKyc.Name, Success },
        { "31-get-kyc.ongoing.json", FinBoxPrismOperations.GetKyc.Name, Processing },
        { "32-get-kyc.okyc-failure.json", FinBoxPrismOperations.GetKyc.Name, TerminalFailure },
        { "34-trigger-agreement.success.json", FinBoxPrismOperations.TriggerAgreementSigning.Name, Success },
        { "35-trigger-agreement.not-uploaded.json", FinBoxPrismOperations.TriggerAgreementSigning.Name, TerminalFailure },
        { "36-get-agreement.success.json", FinBoxPrismOperations.GetAgreementSigning.Name, Success },
        { "37-get-agreement.processing.json", FinBoxPrismOperations.GetAgreementSigning.Name, Processing },
        { "38-get-agreement.failed.json", FinBoxPrismOperations.GetAgreementSigning.Name, RetryableFailure },
        { "39-get-agreement.rejected.json", FinBoxPrismOperations.GetAgreementSigning.Name, Rejected },
        { "41-trigger-disbursal.response.json", FinBoxPrismOperations.TriggerDisbursal.Name, Success },
        { "42-get-disbursal.success.json", FinBoxPrismOperations.GetDisbursal.Name, Success },
        { "43-get-disbursal.processing.json", FinBoxPrismOperations.GetDisbursal.Name, Processing },
        { "45-session.response.json", FinBoxPrismOperations.CreateSession.Name, Success },
    };

    [Theory]
    [MemberData(nameof(JsonSamples))]
    public void Sample_RoundTripsWithDocumentedNames(string file, Type type) =>
        JsonRoundTrip.Assert(Samples.Read("FinBoxPrism/" + file), type);

    [Theory]
    [MemberData(nameof(ResponseKinds))]
    public void SampleResponse_ClassifiesAsDocumented(string file, string operation, LenderResultKind expected)
    {
        using var document = JsonDocument.Parse(Samples.Read("FinBoxPrism/" + file));
        Assert.Equal(expected, FinBoxPrismClassifier.Instance.Classify(operation, 200, document.RootElement).Kind);
    }

    [Fact]
    public void Oddities_AreKeptAsDocumented()
    {
        var banks = JsonRoundTrip.Assert<BankListResponse>(Samples.Read("FinBoxPrism/20-bank-list.response.json"));
        Assert.True(banks.Banks![0].IsPdfUploadAvailable);
        Assert.Equal(435, banks.Count);

        var session = JsonRoundTrip.Assert<SessionResponse>(Samples.Read("FinBoxPrism/45-session.response.json"));
        Assert.Equal("PSS-S-000", session.Status);

        Assert.Equal("user/acceptOffer", FinBoxPrismOperations.AcceptOffer.Path);
        Assert.Equal("CONTIONAL_SUCCESS", PrismStatuses.ConditionalSuccess);

        var offer = JsonRoundTrip.Assert<PrismResponse<BreData>>(Samples.Read("FinBoxPrism/11-get-bre.success.json"));
        Assert.Equal(2.75m, offer.Data!.Offers![0].Slabs![0].ProcessingFee);

        var nach = JsonRoundTrip.Assert<UpdateUserDetailsRequest>(Samples.Read("FinBoxPrism/04-update-user-details.nach.request.json"));
        Assert.Equal(94000m, nach.MandateDetails!.MandateAmount);
        Assert.Equal("UDYAM123456", nach.BasicDetails!.BusinessDetails!.UanDetails!.Uan);
        Assert.Equal("Acko", nach.LoanDetails!.InsuranceDetails!.Vendor);
    }

    [Fact]
    public void TriggerBankingFormSample_NamesTheFieldsTheClientSends()
    {
        // The form sample is not JSON: `"name":"value"` lines with a `//Optional` comment. Its field names are what matters.
        var sample = Samples.Read("FinBoxPrism/14-trigger-banking.form-request.txt");
        var names = sample.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(':')[0].Trim('"'))
            .ToArray();
        Assert.Equal(["customerID", "files", "bankName", "uploadType", "pdfPassword"], names);
    }
}
