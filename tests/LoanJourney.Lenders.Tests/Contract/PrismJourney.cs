using System.Text.Json;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.Tests.TestSupport;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// One Prism v2 borrower of its own, walked through the journey with the seed's sample requests (their customerID replaced).
/// Each step asserts the answer it needs, so a test only spells out the step it is about.
/// </summary>
public sealed class PrismJourney(SandboxContractFixture sandbox, string scenario = TestIds.HappyPath)
{
    public const string PersonalLoan = "PERSONAL_LOAN";

    public string CustomerID { get; } = TestIds.Customer();

    public string Mobile { get; } = TestIds.Mobile(scenario);

    public IFinBoxPrismClient Prism => sandbox.Prism;

    public static UpdateUserDetailsRequest PersonalDetails(string customerID) =>
        Sample<UpdateUserDetailsRequest>("FinBoxPrism/03-update-user-details.request.json") with { CustomerID = customerID };

    public static UpdateUserDetailsRequest NachDetails(string customerID) =>
        Sample<UpdateUserDetailsRequest>("FinBoxPrism/04-update-user-details.nach.request.json") with { CustomerID = customerID };

    public static LenderFile Pdf(string name, int bytes = 2048) => new(name, new byte[bytes], "application/pdf");

    /// <summary>Polls until the answer is no longer <see cref="LenderResultKind.Processing"/>; the sandbox needs a known number of polls.</summary>
    public static async Task<LenderResult<T>> PollAsync<T>(Func<Task<LenderResult<T>>> poll)
    {
        const int MaxPolls = SandboxContractFixture.ProcessingPolls + SandboxContractFixture.KycActionPendingPolls + 3;
        for (var i = 0; i < MaxPolls; i++)
        {
            var result = await poll();
            if (result.Kind != LenderResultKind.Processing)
            {
                return result;
            }
        }

        throw new InvalidOperationException($"still PROCESSING after {MaxPolls} polls");
    }

    public async Task<PrismJourney> CreatedAsync()
    {
        AssertSuccess(await Prism.CreateUserAsync(new CreateUserRequest { CustomerID = CustomerID, Mobile = Mobile }), "CUR-S-000");
        return this;
    }

    public async Task<PrismJourney> DetailsUpdatedAsync()
    {
        await CreatedAsync();
        AssertSuccess(await Prism.UpdateUserDetailsAsync(PersonalDetails(CustomerID)), "UUD-S-000");
        return this;
    }

    public async Task<string> BreTriggeredAsync()
    {
        var trigger = await Prism.TriggerBreAsync(new TriggerBreRequest { CustomerID = CustomerID, RiskVariables = EmptyObject() });
        AssertSuccess(trigger, "GNO-S-000");
        return trigger.Body!.Data!.ReferenceID!;
    }

    public async Task<LenderResult<PrismResponse<BreData>>> BreAsync()
    {
        var reference = await BreTriggeredAsync();
        return await PollAsync(() => Prism.GetBreAsync(reference));
    }

    public async Task<Offer> OfferAsync()
    {
        await DetailsUpdatedAsync();
        var bre = await BreAsync();
        AssertSuccess(bre, "GEO-S-000");
        return Assert.Single(bre.Body!.Data!.Offers!);
    }

    public async Task<PrismJourney> OfferAcceptedAsync()
    {
        var offer = await OfferAsync();
        AssertSuccess(await Prism.AcceptOfferAsync(Accept(offer.OfferID, 80_000, 8)), "AOP-S-000");
        return this;
    }

    public AcceptOfferRequest Accept(string? offerID, decimal amount, int tenure, decimal? interest = 25) => new()
    {
        CustomerID = CustomerID,
        OfferDetails = new OfferDetails { OfferID = offerID, Amount = amount, Tenure = tenure, Interest = interest },
    };

    public async Task<string> KycTriggeredAsync()
    {
        var trigger = await Prism.TriggerKycAsync(new TriggerKycRequest { CustomerID = CustomerID, Program = PersonalLoan });
        AssertSuccess(trigger, "TCK-S-000");
        return trigger.Body!.Data!.ReferenceID!;
    }

    public async Task<PrismJourney> KycApprovedAsync()
    {
        await OfferAcceptedAsync();
        var reference = await KycTriggeredAsync();
        AssertSuccess(await PollAsync(() => Prism.GetKycAsync(reference)), "GKD-S-000");
        return this;
    }

    public async Task<string> AgreementTriggeredAsync(string program = PersonalLoan)
    {
        var trigger = await Prism.TriggerAgreementSigningAsync(new TriggerAgreementSigningRequest { CustomerID = CustomerID, Program = program });
        AssertSuccess(trigger, "TAS-S-000");
        return trigger.Body!.Data!.ReferenceID!;
    }

    public async Task<PrismJourney> AgreementSignedAsync()
    {
        await KycApprovedAsync();
        var reference = await AgreementTriggeredAsync();
        var signed = await PollAsync(() => Prism.GetAgreementSigningAsync(reference));
        AssertSuccess(signed, "GAS-S-000");
        Assert.Equal("SUCCESS", signed.Body!.Data!.Status);
        return this;
    }

    public async Task<LenderResult<PrismResponse<ReferenceData>>> TriggerDisbursalAsync() =>
        await Prism.TriggerDisbursalAsync(new TriggerDisbursalRequest { CustomerID = CustomerID, Program = PersonalLoan });

    public static void AssertSuccess<T>(LenderResult<T> result, string code)
    {
        Assert.True(result.Kind == LenderResultKind.Success, $"{code}: expected Success, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal(code, result.LenderCode);
        Assert.Equal(200, result.HttpStatus);
        Assert.NotNull(result.Body);
    }

    public static void AssertRefused<T>(LenderResult<T> result, LenderResultKind kind, string code, int httpStatus)
    {
        Assert.True(result.Kind == kind, $"{code}: expected {kind}, got {result.Kind} {result.LenderCode} {result.Message}");
        Assert.Equal(code, result.LenderCode);
        Assert.Equal(httpStatus, result.HttpStatus);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    public static JsonElement EmptyObject() => JsonDocument.Parse("{}").RootElement.Clone();

    private static T Sample<T>(string path) => JsonSerializer.Deserialize<T>(Samples.Read(path), LenderJson.Options)!;
}
