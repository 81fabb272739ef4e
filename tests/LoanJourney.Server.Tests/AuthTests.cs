using System.Net;
using LoanJourney.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoanJourney.Server.Tests;

public sealed class AuthTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task ApiWithoutKeyIsRefusedWithProblemDetails()
    {
        var response = await factory.CreateClient().GetAsync("/api/instances");
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthenticated", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiWithWrongKeyIsRefused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        await (await client.GetAsync("/api/workflows")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiWithTheKeyHeaderIsServed()
    {
        var response = await factory.CreateApiClient().GetAsync("/api/workflows");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SessionCookieSignsInSignsOutAndReplacesTheHeader()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var before = await browser.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.False((await before.ReadObjectAsync())["signedIn"]!.GetValue<bool>());

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", ServerFactory.ApiKey);
        var signedIn = await browser.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("lj_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.True((await (await browser.GetAsync("/api/session")).ReadObjectAsync())["signedIn"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/instances")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("/api/session")).StatusCode);
        await (await browser.GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False((await (await browser.GetAsync("/api/session")).ReadObjectAsync())["signedIn"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ForgedSessionCookieIsRefused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "lj_session=forged");
        await (await client.GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SessionCannotBeRenewedWithTheCookieAlone()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", ServerFactory.ApiKey);
        await browser.SendAsync(signIn);

        await (await browser.PostAsync("/api/session", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
