using System.Net.Http.Headers;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using static LoanJourney.Lenders.Common.LenderResultKind;
using static LoanJourney.Lenders.Tests.Contract.PrismJourney;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Every Prism v2 client method against the running sandbox: its success and each documented error the sandbox produces.</summary>
[Collection(SandboxContract.Name)]
public sealed class PrismContractTests(SandboxContractFixture sandbox)
{
    private IFinBoxPrismClient Prism => sandbox.Prism;

    [Fact]
    public async Task CreateUserAnswersCreated()
    {
        var journey = new PrismJourney(sandbox);
        var result = await Prism.CreateUserAsync(new CreateUserRequest { CustomerID = journey.CustomerID, Mobile = journey.Mobile });

        AssertSuccess(result, "CUR-S-000");
        Assert.Equal("user created!", result.Body!.Data!.Message);
        Assert.Equal("", result.Body.Error);
    }

    [Fact]
    public async Task CreateUserWithInvalidMobileIsCurE001()
    {
        var result = await Prism.CreateUserAsync(new CreateUserRequest { CustomerID = TestIds.Customer(), Mobile = "12345" });

        AssertRefused(result, TerminalFailure, "CUR-E-001", 400);
        Assert.Equal("CUR-E-001", result.Body!.StatusCode);
    }

    [Fact]
    public async Task CreateUserAgainIsCurE002AndTheJourneyContinues()
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();

        var again = await Prism.CreateUserAsync(new CreateUserRequest { CustomerID = journey.CustomerID, Mobile = journey.Mobile });

        Assert.Equal(Success, again.Kind);
        Assert.Equal("CUR-E-002", again.LenderCode);
        Assert.Equal(409, again.HttpStatus);
        AssertSuccess(await Prism.TriggerBreAsync(new TriggerBreRequest { CustomerID = journey.CustomerID, RiskVariables = EmptyObject() }), "GNO-S-000");
    }

    [Fact]
    public async Task CreateUserWithoutCustomerIdIsFbxE014()
    {
        var result = await Prism.CreateUserAsync(new CreateUserRequest { Mobile = TestIds.Mobile() });

        AssertRefused(result, TerminalFailure, "FBX-E-014", 400);
    }

    [Fact]
    public async Task UpdateUserDetailsPersonalInvocationAnswersSuccess()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.UpdateUserDetailsAsync(PersonalDetails(journey.CustomerID));

        AssertSuccess(result, "UUD-S-000");
        Assert.Equal("success", result.Body!.Data!.Message);
    }

    [Fact]
    public async Task UpdateUserDetailsNachInvocationAnswersSuccess()
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();

        var result = await Prism.UpdateUserDetailsAsync(NachDetails(journey.CustomerID));

        AssertSuccess(result, "UUD-S-000");
        Assert.Equal("success", result.Body!.Data!.Message);
    }

    [Fact]
    public async Task UpdateUserDetailsWithoutConsentsIsUudE002()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.UpdateUserDetailsAsync(PersonalDetails(journey.CustomerID) with { Consents = null });

        AssertRefused(result, TerminalFailure, "UUD-E-002", 400);
    }

    [Fact]
    public async Task UpdateUserDetailsWithUnknownProgramIsFbxE007()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.UpdateUserDetailsAsync(PersonalDetails(journey.CustomerID) with { Program = "GOLD_LOAN" });

        AssertRefused(result, TerminalFailure, "FBX-E-007", 400);
    }

    [Fact]
    public async Task UpdateUserDetailsForUnknownUserIsFbxE006()
    {
        var result = await Prism.UpdateUserDetailsAsync(PersonalDetails(TestIds.Customer()));

        AssertRefused(result, TerminalFailure, "FBX-E-006", 404);
    }

    [Fact]
    public async Task TriggerBreAnswersAReferenceThenGetBreIsProcessingThenSuccessWithSlabs()
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();
        var reference = await journey.BreTriggeredAsync();

        var first = await Prism.GetBreAsync(reference);
        Assert.Equal(Processing, first.Kind);
        Assert.Equal("GEO-S-001", first.LenderCode);
        Assert.Equal("PROCESSING", first.Body!.Data!.Status);
        Assert.Null(first.Body.Data.Offers);

        var final = await PollAsync(() => Prism.GetBreAsync(reference));
        AssertSuccess(final, "GEO-S-000");
        Assert.Equal("SUCCESS", final.Body!.Data!.Status);
        var offer = Assert.Single(final.Body.Data.Offers!);
        Assert.False(string.IsNullOrEmpty(offer.OfferID));
        Assert.Equal("ACTIVE", offer.Status);
        Assert.Equal(2, offer.Slabs!.Count);
        Assert.All(offer.Slabs, s => Assert.True(s.MinAmount <= s.MaxAmount));
    }

    [Fact]
    public async Task TriggerBreWithUnknownPolicyIsGnoE002()
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();

        var result = await Prism.TriggerBreAsync(new TriggerBreRequest
        {
            CustomerID = journey.CustomerID,
            RiskVariables = System.Text.Json.JsonDocument.Parse("""{"policyID":"no-such-policy"}""").RootElement.Clone(),
        });

        AssertRefused(result, TerminalFailure, "GNO-E-002", 400);
    }

    [Fact]
    public async Task TriggerBreBeforeDetailsIsFbxE010()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.TriggerBreAsync(new TriggerBreRequest { CustomerID = journey.CustomerID, RiskVariables = EmptyObject() });

        AssertRefused(result, TerminalFailure, "FBX-E-010", 409);
    }

    [Fact]
    public async Task GetBreWithUnknownReferenceIsFbxE008()
    {
        var result = await Prism.GetBreAsync(Guid.NewGuid().ToString());

        AssertRefused(result, TerminalFailure, "FBX-E-008", 404);
    }

    [Fact]
    public async Task AcceptOfferInsideASlabAnswersOk()
    {
        var journey = new PrismJourney(sandbox);
        var offer = await journey.OfferAsync();

        var result = await Prism.AcceptOfferAsync(journey.Accept(offer.OfferID, 150_000, 12));

        AssertSuccess(result, "AOP-S-000");
        Assert.Equal("ok", result.Body!.Data!.Message);
    }

    [Fact]
    public async Task AcceptOfferWithAnotherOfferIdIsAopE002()
    {
        var journey = new PrismJourney(sandbox);
        await journey.OfferAsync();

        var result = await Prism.AcceptOfferAsync(journey.Accept(Guid.NewGuid().ToString(), 80_000, 8));

        AssertRefused(result, TerminalFailure, "AOP-E-002", 400);
    }

    [Theory]
    [InlineData(300_000, 12)] // above every slab
    [InlineData(80_000, 12)] // the amount of one slab with the tenure of the other
    public async Task AcceptOfferOutsideTheSlabsIsAopE003(int amount, int tenure)
    {
        var journey = new PrismJourney(sandbox);
        var offer = await journey.OfferAsync();

        var result = await Prism.AcceptOfferAsync(journey.Accept(offer.OfferID, amount, tenure));

        AssertRefused(result, TerminalFailure, "AOP-E-003", 400);
    }

    [Fact]
    public async Task BankListAnswersTheDocumentedShape()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.GetBankListAsync(journey.CustomerID);

        Assert.Equal(Success, result.Kind);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(result.Body!.Count, result.Body.Banks!.Count);
        var hdfc = Assert.Single(result.Body.Banks, b => b.Name == "HDFC");
        Assert.True(hdfc.IsPdfUploadAvailable);
        Assert.False(string.IsNullOrEmpty(hdfc.FullName));
    }

    [Fact]
    public async Task BankListForUnknownUserIsFbxE006()
    {
        var result = await Prism.GetBankListAsync(TestIds.Customer());

        AssertRefused(result, TerminalFailure, "FBX-E-006", 404);
    }

    [Fact]
    public async Task TriggerBankingWithSeveralStatementsIsProcessingThenSuccess()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var trigger = await Prism.TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = journey.CustomerID,
            BankName = "HDFC",
            Files = [Pdf("mar.pdf"), Pdf("apr.pdf"), Pdf("may.pdf", 4096)],
        });

        AssertSuccess(trigger, "BANK-TBN-S-000");
        var reference = trigger.Body!.Data!.ReferenceID!;
        var first = await Prism.GetBankingAsync(reference);
        Assert.Equal(Processing, first.Kind);
        Assert.Equal("BANK-GBR-S-001", first.LenderCode);
        Assert.Equal("", first.Body!.Data!.BankingDetails!.ErrorCode);
        var final = await PollAsync(() => Prism.GetBankingAsync(reference));
        AssertSuccess(final, "BANK-GBR-S-000");
        Assert.Equal("SUCCESS", final.Body!.Data!.Status);
        Assert.Equal(reference, final.Body.Data.ReferenceID);
    }

    [Fact]
    public async Task TriggerBankingForUnknownUserIsFbxE006UserNotFound()
    {
        var result = await Prism.TriggerBankingAsync(new TriggerBankingRequest { CustomerID = TestIds.Customer(), BankName = "HDFC", Files = [Pdf("mar.pdf")] });

        AssertRefused(result, TerminalFailure, "FBX-E-006", 404);
        Assert.Equal("user not found", result.Message);
    }

    [Fact]
    public async Task BankingWithUnknownBankFailsWithInvalidBankName()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();
        var trigger = await Prism.TriggerBankingAsync(new TriggerBankingRequest { CustomerID = journey.CustomerID, BankName = "NO SUCH BANK", Files = [Pdf("mar.pdf")] });
        AssertSuccess(trigger, "BANK-TBN-S-000");

        var result = await PollAsync(() => Prism.GetBankingAsync(trigger.Body!.Data!.ReferenceID!));

        Assert.Equal(TerminalFailure, result.Kind);
        Assert.Equal("BANK-GBR-S-002", result.LenderCode);
        Assert.Equal("INVALID_BANK_NAME", result.Body!.Data!.BankingDetails!.ErrorCode);
    }

    [Fact]
    public async Task StatementOverFiveMegabytesIsRefusedByTheClientBeforeSending()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();
        using var capture = LenderCallCapture.Begin();

        var result = await Prism.TriggerBankingAsync(new TriggerBankingRequest
        {
            CustomerID = journey.CustomerID,
            BankName = "HDFC",
            Files = [Pdf("mar.pdf"), Pdf("apr.pdf", (int)TriggerBankingRequest.MaxFileBytes + 1)],
        });

        Assert.Equal(TerminalFailure, result.Kind);
        Assert.Equal("FILE_TOO_LARGE", result.LenderCode);
        Assert.Null(result.HttpStatus);
        Assert.Empty(capture.Calls);
    }

    [Fact]
    public async Task StatementOverFiveMegabytesSentRawIsRefusedByTheSandboxWithFbxE013()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(journey.CustomerID), "customerID" },
            { Part(new byte[TriggerBankingRequest.MaxFileBytes + 1]), "files", "big.pdf" },
            { new StringContent("HDFC"), "bankName" },
            { new StringContent("PDF"), "uploadType" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/user/bank/analyse") { Content = form };
        request.Headers.Add("x-api-key", TestSupport.LenderTestServices.PrismApiKey);

        using var response = await sandbox.Raw.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\"statusCode\":\"FBX-E-013\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PrismDocumentTypes.AadhaarXml, "aadhaar.xml", "application/xml")]
    [InlineData(PrismDocumentTypes.Selfie, "selfie.jpg", "image/jpeg")]
    [InlineData(PrismDocumentTypes.LoanAgreement, "agreement.pdf", "application/pdf")]
    [InlineData(PrismDocumentTypes.BusinessProof, "gst-certificate.pdf", "application/pdf")]
    public async Task UploadDocumentOfEachTypeIsAccepted(string documentType, string fileName, string contentType)
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = journey.CustomerID,
            DocumentType = documentType,
            File = new LenderFile(fileName, new byte[512], contentType),
        });

        AssertSuccess(result, PrismDocumentTypes.UploadSuccessCode);
    }

    [Fact]
    public async Task UploadDocumentForUnknownUserIsFbxE006()
    {
        var result = await Prism.UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = TestIds.Customer(),
            DocumentType = PrismDocumentTypes.Selfie,
            File = new LenderFile("selfie.jpg", new byte[512], "image/jpeg"),
        });

        AssertRefused(result, TerminalFailure, "FBX-E-006", 404);
    }

    [Fact]
    public async Task UploadDocumentOverFiveMegabytesIsFbxE013()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = journey.CustomerID,
            DocumentType = PrismDocumentTypes.Selfie,
            File = new LenderFile("selfie.jpg", new byte[TriggerBankingRequest.MaxFileBytes + 1], "image/jpeg"),
        });

        AssertRefused(result, TerminalFailure, "FBX-E-013", 400);
    }

    [Fact]
    public async Task TriggerKycBeforeAnAcceptedOfferIsFbxE010()
    {
        var journey = await new PrismJourney(sandbox).DetailsUpdatedAsync();

        var result = await Prism.TriggerKycAsync(new TriggerKycRequest { CustomerID = journey.CustomerID, Program = PersonalLoan });

        AssertRefused(result, TerminalFailure, "FBX-E-010", 409);
    }

    [Fact]
    public async Task TriggerKycThenGetKycIsWaitThenApprovedWithTheKycRecord()
    {
        var journey = await new PrismJourney(sandbox).OfferAcceptedAsync();
        var reference = await journey.KycTriggeredAsync();

        var first = await Prism.GetKycAsync(reference);
        Assert.Equal(Processing, first.Kind);
        Assert.Equal("GKD-S-001", first.LenderCode);
        Assert.Equal("WAIT", first.Body!.Data!.Action);

        var final = await PollAsync(() => Prism.GetKycAsync(reference));
        AssertSuccess(final, "GKD-S-000");
        Assert.Equal("APPROVED", final.Body!.Data!.Status);
        Assert.Equal("OKYC_DIGILOCKER", Assert.Single(final.Body.Data.PersonalKYC!).Type);
        Assert.True(final.Body.Data.Results!.NameMatch);
    }

    [Fact]
    public async Task TriggerAgreementBeforeKycIsFbxE010()
    {
        var journey = await new PrismJourney(sandbox).OfferAcceptedAsync();

        var result = await Prism.TriggerAgreementSigningAsync(new TriggerAgreementSigningRequest { CustomerID = journey.CustomerID, Program = PersonalLoan });

        AssertRefused(result, TerminalFailure, "FBX-E-010", 409);
    }

    [Fact]
    public async Task TriggerAgreementForEdiWithoutAnUploadedAgreementIsTasE001()
    {
        var journey = await new PrismJourney(sandbox).KycApprovedAsync();

        var result = await Prism.TriggerAgreementSigningAsync(new TriggerAgreementSigningRequest { CustomerID = journey.CustomerID, Program = "EDI" });

        AssertRefused(result, TerminalFailure, "TAS-E-001", 400);
        Assert.Equal("agreement document not found", result.Message);
    }

    [Fact]
    public async Task TriggerAgreementForEdiAfterUploadingItIsSignedWithAnAgreementUrl()
    {
        var journey = await new PrismJourney(sandbox).KycApprovedAsync();
        AssertSuccess(await Prism.UploadDocumentAsync(new DocumentUploadRequest
        {
            CustomerID = journey.CustomerID,
            DocumentType = PrismDocumentTypes.LoanAgreement,
            File = Pdf("agreement.pdf"),
        }), PrismDocumentTypes.UploadSuccessCode);

        var reference = await journey.AgreementTriggeredAsync("EDI");
        var first = await Prism.GetAgreementSigningAsync(reference);
        var final = await PollAsync(() => Prism.GetAgreementSigningAsync(reference));

        Assert.Equal(Processing, first.Kind);
        Assert.Equal("GAS-S-000", first.LenderCode);
        Assert.Null(first.Body!.Data!.AgreementURL);
        AssertSuccess(final, "GAS-S-000");
        Assert.Equal("SUCCESS", final.Body!.Data!.Status);
        Assert.False(string.IsNullOrEmpty(final.Body.Data.AgreementURL));
    }

    [Fact]
    public async Task TriggerDisbursalBeforeTheAgreementIsFbxE010()
    {
        var journey = await new PrismJourney(sandbox).KycApprovedAsync();

        AssertRefused(await journey.TriggerDisbursalAsync(), TerminalFailure, "FBX-E-010", 409);
    }

    [Fact]
    public async Task TriggerDisbursalThenGetDisbursalIsProcessingThenSuccessWithUtr()
    {
        var journey = await new PrismJourney(sandbox).AgreementSignedAsync();

        var trigger = await journey.TriggerDisbursalAsync();
        AssertSuccess(trigger, "TDB-S-200");
        var reference = trigger.Body!.Data!.ReferenceID!;
        var first = await Prism.GetDisbursalAsync(reference);
        var final = await PollAsync(() => Prism.GetDisbursalAsync(reference));

        Assert.Equal(Processing, first.Kind);
        Assert.Equal("GDB-S-200", first.LenderCode);
        Assert.Equal(journey.CustomerID, first.Body!.Data!.CustomerID);
        AssertSuccess(final, "GDB-S-200");
        Assert.Equal("SUCCESS", final.Body!.Data!.Status);
        Assert.False(string.IsNullOrEmpty(final.Body.Data.UtrNumber));
        Assert.False(string.IsNullOrEmpty(final.Body.Data.LoanAccountNumber));
        Assert.Equal(80_000, final.Body.Data.DisbursedAmount);
        Assert.EndsWith("+05:30", final.Body.Data.DisbursedAt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisbursalRetriggerIsFbxS208WithTheFirstReference()
    {
        var journey = await new PrismJourney(sandbox).AgreementSignedAsync();
        var first = await journey.TriggerDisbursalAsync();
        AssertSuccess(first, "TDB-S-200");

        var again = await journey.TriggerDisbursalAsync();

        AssertSuccess(again, "FBX-S-208");
        Assert.Equal(first.Body!.Data!.ReferenceID, again.Body!.Data!.ReferenceID);
        Assert.Equal(1, await sandbox.CountAsync(journey.CustomerID, "disbursal"));
        Assert.Equal(1, await sandbox.CountAsync(journey.CustomerID, "disbursalDuplicate"));
    }

    [Fact]
    public async Task CreateSessionAnswersAUrlWithTheCodeInStatus()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.CreateSessionAsync(new SessionRequest { CustomerID = journey.CustomerID, RedirectURL = "https://partner.example/back" });

        Assert.Equal(Success, result.Kind);
        Assert.Equal("PSS-S-000", result.LenderCode);
        Assert.Equal("PSS-S-000", result.Body!.Status);
        Assert.StartsWith("https://", result.Body.Data!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSessionWithoutRedirectUrlIsFbxE009()
    {
        var journey = await new PrismJourney(sandbox).CreatedAsync();

        var result = await Prism.CreateSessionAsync(new SessionRequest { CustomerID = journey.CustomerID });

        AssertRefused(result, TerminalFailure, "FBX-E-009", 400);
    }

    private static ByteArrayContent Part(byte[] content)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        return part;
    }
}
