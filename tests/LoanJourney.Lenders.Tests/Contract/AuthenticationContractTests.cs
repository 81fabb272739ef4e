using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>A wrong key or token in configuration: each lender family's refusal reaches the caller as a terminal failure.</summary>
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
    }
}
