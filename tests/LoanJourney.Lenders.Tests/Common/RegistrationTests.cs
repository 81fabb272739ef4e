using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoanJourney.Lenders.Tests.Common;

/// <summary>AddLenders over real HTTP: options per lender section, auth headers, documented paths under a base URL with a prefix.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private ScriptedLenderServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedLenderServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EachLenderSendsItsOwnCredentialOnItsDocumentedPath()
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, """{"data":{},"error":"","statusCode":"AOP-S-000","status":"1"}""");
        await using var services = LenderTestServices.Create(_server.BaseUrl);

        await services.GetRequiredService<IFinBoxPrismClient>().AcceptOfferAsync(new() { CustomerID = "c1", OfferDetails = new() { OfferID = "o1", Amount = 80000, Tenure = 8, Interest = 25 } });
        await services.GetRequiredService<IFinBoxSourcingClient>().GetEligibilityAsync("c 1");
        await services.GetRequiredService<ICapitalFloatClient>().GetBlockBalanceAsync(new() { AppId = "a1", OrderId = "o1" });
        await services.GetRequiredService<IPartnerTokenClient>().HandshakeAsync(new() { HandshakeId = "h1" });

        var requests = _server.Received.ToArray();
        Assert.Equal("/lender/user/acceptOffer", requests[0].Path);
        Assert.Equal(LenderTestServices.PrismApiKey, requests[0].Headers["x-api-key"]);
        Assert.Equal("application/json", System.Net.Http.Headers.MediaTypeHeaderValue.Parse(requests[0].Headers["Content-Type"]).MediaType);
        Assert.Equal("/lender/v1/user/eligibility", requests[1].Path);
        Assert.Equal("?customerID=c%201", requests[1].Query);
        Assert.Equal(LenderTestServices.SourcingApiKey, requests[1].Headers["x-api-key"]);
        Assert.Equal("/lender/paylater/balance", requests[2].Path);
        Assert.Equal(LenderTestServices.CapitalFloatToken, requests[2].Headers["Authorization"]);
        Assert.False(requests[2].Headers.ContainsKey("x-api-key"));
        Assert.Equal("/lender/handshake/token", requests[3].Path);
        Assert.Equal(LenderTestServices.PartnerToken, requests[3].Headers["Authorization"]);
    }

    [Theory]
    [InlineData(null, "/lender/application/token")]
    [InlineData("apps/token", "/lender/apps/token")]
    public async Task TokenSharePathIsConfigurable(string? configured, string expectedPath)
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, """{"status":"1","msg":""}""");
        var overrides = new Dictionary<string, string?>();
        if (configured is not null)
        {
            overrides["Lenders:Partner:TokenSharePath"] = configured;
        }

        await using var services = LenderTestServices.Create(_server.BaseUrl, overrides: overrides);
        var result = await services.GetRequiredService<IPartnerTokenClient>().ShareTokenAsync(new() { FinalApproval = false });

        Assert.Equal(LenderResultKind.Success, result.Kind);
        Assert.Equal(expectedPath, Assert.Single(_server.Received).Path);
    }

    /// <summary>
    /// Each sourcing partner's own API (<c>Lenders:Partners:{partner}</c>, docs/server.md): its base URL, secret and token share
    /// path; the team's (no partner) stays <c>Lenders:Partner</c>; a partner without a section, or spelt otherwise, gets no client.
    /// </summary>
    [Fact]
    public async Task EachPartnerHasItsOwnClient_TheTeamLendersPartner_AndAPartnerWithoutASectionNone()
    {
        _server.Fallback = ctx => ScriptedLenderServer.Json(ctx, 200, """{"status":"1","msg":""}""");
        var acmeBase = _server.BaseUrl.AbsoluteUri.Replace("/lender", "/acme", StringComparison.Ordinal);
        await using var services = LenderTestServices.Create(_server.BaseUrl, overrides: new Dictionary<string, string?>
        {
            ["Lenders:Partners:acme:BaseUrl"] = acmeBase,
            ["Lenders:Partners:acme:Authorization"] = "acme-secret",
            ["Lenders:Partners:acme:TokenSharePath"] = "apps/token",
        });
        var partners = services.GetRequiredService<PartnerTokenClients>();

        Assert.Equal(["acme"], partners.Partners);
        await partners.For("acme")!.ShareTokenAsync(new() { FinalApproval = false });
        await partners.For(null)!.ShareTokenAsync(new() { FinalApproval = false });
        Assert.Null(partners.For("globex"));
        Assert.Null(partners.For("Acme"));

        var requests = _server.Received.ToArray();
        Assert.Equal(("/acme/apps/token", "acme-secret"), (requests[0].Path, requests[0].Headers["Authorization"]));
        Assert.Equal(("/lender/application/token", LenderTestServices.PartnerToken), (requests[1].Path, requests[1].Headers["Authorization"]));
    }

    [Fact]
    public async Task OptionsAreBoundPerLenderSection()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl, overrides: new Dictionary<string, string?>
        {
            ["Lenders:CapitalFloat:Timeout"] = "00:00:07",
            ["Lenders:CapitalFloat:MaxRetryAttempts"] = "5",
        });
        var options = services.GetRequiredService<IOptionsMonitor<LenderOptions>>();

        Assert.Equal(TimeSpan.FromSeconds(7), options.Get(LenderNames.CapitalFloat).Timeout);
        Assert.Equal(5, options.Get(LenderNames.CapitalFloat).MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Get(LenderNames.FinBoxPrism).Timeout);
        Assert.Equal(LenderTestServices.PrismApiKey, options.Get(LenderNames.FinBoxPrism).ApiKey);
    }

    [Fact]
    public async Task MissingBaseUrlFailsWithTheSectionName()
    {
        await using var services = LenderTestServices.Create(_server.BaseUrl, overrides: new Dictionary<string, string?>
        {
            ["Lenders:FinBoxSourcing:BaseUrl"] = null,
        });
        // Unset is allowed at registration (a sandbox in the same process may give it its address); the first client says so.
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IFinBoxSourcingClient>());
        Assert.Contains("Lenders:FinBoxSourcing:BaseUrl is not set", error.Message, StringComparison.Ordinal);
    }
}
