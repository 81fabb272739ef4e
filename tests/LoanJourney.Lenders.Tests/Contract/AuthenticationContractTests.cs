using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>
/// A wrong key, token or base URL in configuration: each lender family's refusal reaches the caller as a terminal failure that
/// names the setting to fix (<see cref="LoanJourney.Lenders.Common.LenderResult{T}.MisconfiguredSetting"/>).
/// </summary>
[Collection(SandboxContract.Name)]
public sealed class AuthenticationContractTests(SandboxContractFixture sandbox)
{
    [Fact]
    public async Task WrongKeysAreRefusedWithEachLendersUnauthorisedAnswer()
    {
        await using var wrong = sandbox.CreateClients(new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:ApiKey"] = "wrong-prism-key",
            ["Lenders:FinBoxSourcing:ApiKey"] = "wrong-sourcing-key",
            ["Lenders:CapitalFloat:Authorization"] = "wrong-cf-token",
            ["Lenders:Partner:Authorization"] = "wrong-partner-token",
        });

        var prism = await wrong.GetRequiredService<IFinBoxPrismClient>().CreateUserAsync(new LoanJourney.Lenders.FinBoxPrism.CreateUserRequest { CustomerID = TestIds.Customer(), Mobile = TestIds.Mobile() });
        var sourcing = await wrong.GetRequiredService<IFinBoxSourcingClient>().GetUserProfileAsync(TestIds.Customer());
        var capitalFloat = await wrong.GetRequiredService<ICapitalFloatClient>().GetAvailableLimitAsync(new AvailableLimitRequest { AppId = TestIds.App() });
        var partner = await wrong.GetRequiredService<IPartnerTokenClient>().HandshakeAsync(new HandshakeRequest { HandshakeId = "h" });

        Assert.Equal((TerminalFailure, "FBX-E-005", 401), (prism.Kind, prism.LenderCode, prism.HttpStatus));
        Assert.Equal((TerminalFailure, "HTTP 401", 401), (sourcing.Kind, sourcing.LenderCode, sourcing.HttpStatus));
        Assert.Equal((TerminalFailure, "-200", 401), (capitalFloat.Kind, capitalFloat.LenderCode, capitalFloat.HttpStatus));
        Assert.Equal((TerminalFailure, "-1", 401), (partner.Kind, partner.LenderCode, partner.HttpStatus));

        // Each says which of our settings to fix, never its value; the partner's refusal is read by its steps (PartnerApi).
        Assert.Equal("Lenders:FinBoxPrism:ApiKey", prism.MisconfiguredSetting);
        Assert.Equal("Lenders:FinBoxSourcing:ApiKey", sourcing.MisconfiguredSetting);
        Assert.Equal("Lenders:CapitalFloat:Authorization", capitalFloat.MisconfiguredSetting);
        Assert.Null(partner.MisconfiguredSetting);
    }

    // A base URL that is not the lender's API: the sandbox (a web server like any) answers 404 with no lender envelope.
    [Fact]
    public async Task AWrongBaseUrl_IsNamedAsTheSettingToFix()
    {
        var nowhere = new Uri(sandbox.BaseAddress, "not-the-api/").AbsoluteUri;
        await using var wrong = sandbox.CreateClients(new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:BaseUrl"] = nowhere,
            ["Lenders:FinBoxSourcing:BaseUrl"] = nowhere,
            ["Lenders:CapitalFloat:BaseUrl"] = nowhere,
        });

        var prism = await wrong.GetRequiredService<IFinBoxPrismClient>().CreateUserAsync(new LoanJourney.Lenders.FinBoxPrism.CreateUserRequest { CustomerID = TestIds.Customer(), Mobile = TestIds.Mobile() });
        var sourcing = await wrong.GetRequiredService<IFinBoxSourcingClient>().GetUserProfileAsync(TestIds.Customer());
        var capitalFloat = await wrong.GetRequiredService<ICapitalFloatClient>().GetAvailableLimitAsync(new AvailableLimitRequest { AppId = TestIds.App() });

        Assert.Equal((TerminalFailure, 404, "Lenders:FinBoxPrism:BaseUrl"), (prism.Kind, prism.HttpStatus, prism.MisconfiguredSetting));
        Assert.Equal((TerminalFailure, 404, "Lenders:FinBoxSourcing:BaseUrl"), (sourcing.Kind, sourcing.HttpStatus, sourcing.MisconfiguredSetting));
        Assert.Equal((TerminalFailure, 404, "Lenders:CapitalFloat:BaseUrl"), (capitalFloat.Kind, capitalFloat.HttpStatus, capitalFloat.MisconfiguredSetting));
    }
}
