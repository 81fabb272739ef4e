using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// Signing in on the Studio's form with an access token from an OpenID provider (<see cref="TestOpenIdProvider"/>, found by
/// the server through its discovery document): what each role's token sees and may do, the form's message for a token the
/// server refuses, the session ending with its token, and a rotated signing key taken without a restart.
/// </summary>
[Collection(StudioOidcTestGroup.Name)]
public sealed class TokenSignInTests(OidcStudioFixture fixture)
{
    private const string PersonalLoan = "finbox-personal-loan";

    private TestOpenIdProvider Provider => fixture.Provider;

    private static DateTimeOffset InMinutes(double minutes) => TimeProvider.System.GetUtcNow().AddMinutes(minutes);

    /// <summary>A page showing the sign-in form at <paramref name="route"/>, signed in by typing <paramref name="token"/> into it.</summary>
    private async Task<StudioPage> SignInWithTokenAsync(string token, string route = "/journeys")
    {
        var studio = await fixture.Studio.OpenAsync(signedIn: false);
        await studio.GotoAsync(route);
        await SubmitTokenAsync(studio, token);
        return studio;
    }

    private static async Task SubmitTokenAsync(StudioPage studio, string token)
    {
        await studio.TestId("signin-kind-token").CheckAsync();
        await studio.Page.GetByLabel("Access token").FillAsync(token);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Operator")]
    [InlineData("Designer")]
    [InlineData("Auditor")]
    [InlineData("Admin")]
    public async Task EachRolesTokenSignsInAndSeesOnlyWhatTheRoleMayDo(string role)
    {
        var operates = role is "Operator" or "Admin";
        var designs = role is "Designer" or "Admin";
        // Session 46: the audit export is the Auditor's (Admin holds it); an Auditor token had no role the Studio knew.
        var exports = role is "Auditor" or "Admin";
        var name = role.ToLowerInvariant() + ".token";
        var id = await fixture.Studio.Api.StartFaultedAtKycAsync("TOKEN");

        await using var studio = await SignInWithTokenAsync(Provider.Token(name, role, InMinutes(30)), $"/journeys/{id}");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync(name);
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync(role);
        await Expect(studio.TestId("incident")).ToHaveAttributeAsync("data-step-id", "kyc");
        await Expect(studio.TestId("incident-retry")).ToHaveCountAsync(operates ? 1 : 0);
        await Expect(studio.TestId("cancel-journey")).ToHaveCountAsync(operates ? 1 : 0);

        await studio.GotoAsync($"/definitions/{PersonalLoan}");
        await Expect(studio.TestId("definition-version")).ToBeVisibleAsync();
        await Expect(studio.TestId("edit-draft")).ToHaveCountAsync(designs ? 1 : 0);
        await Expect(studio.TestId("start-journey")).ToHaveCountAsync(operates ? 1 : 0);

        await studio.GotoAsync($"/definitions/{PersonalLoan}/edit");
        if (designs)
        {
            await Expect(studio.TestId("publish")).ToBeVisibleAsync();
        }
        else
        {
            await Expect(studio.TestId("role-required")).ToContainTextAsync("Designer");
            await Expect(studio.TestId("publish")).ToHaveCountAsync(0);
        }

        await studio.GotoAsync("/audit");
        await Expect(studio.TestId("audit-page")).ToBeVisibleAsync();
        await Expect(studio.Page.GetByRole(AriaRole.Button, new() { Name = "Export…" })).ToHaveCountAsync(exports ? 1 : 0);

        studio.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData("expired", "That token was not accepted", "Expired")]
    [InlineData("expired within the clock skew", "That token was not accepted", "Expired")]
    [InlineData("another audience", "That token was not accepted", "InvalidAudience")]
    [InlineData("no role", "Role required", "has no role")]
    [InlineData("an unknown role", "Role required", "has no role")]
    public async Task ARefusedTokenGetsTheFormsMessage(string token, string title, string detail)
    {
        var refused = token switch
        {
            "expired" => Provider.Token("late.user", "Admin", InMinutes(-10)),
            "expired within the clock skew" => Provider.Token("late.user", "Admin", InMinutes(-1)),
            "another audience" => Provider.Token("other.app", "Admin", InMinutes(30), audience: "another-api"),
            "no role" => Provider.Token("no.role", role: null, InMinutes(30)),
            _ => Provider.Token("no.role", "Superuser", InMinutes(30)),
        };

        await using var studio = await SignInWithTokenAsync(refused);
        var problem = studio.TestId("signin-form").GetByTestId("problem");
        await Expect(problem).ToContainTextAsync(title);
        await Expect(problem).ToContainTextAsync(detail);
        await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
        await Expect(studio.TestId("whoami-name")).ToHaveCountAsync(0);
        // Chromium logs the refused POST /api/session as a console error: the one this test provokes.
        studio.AssertNoConsoleErrors(except: title == "Role required" ? "403" : "401");
    }

    // The session ends at the token's exp: the live-update stream's re-check (every second on this server) signs the page
    // out, and the Studio shows its sign-in form.
    [Fact]
    public async Task ASessionEndsWhenItsTokenExpires()
    {
        var studio = await fixture.Studio.OpenAsync(signedIn: false);
        await using (studio)
        {
            await studio.GotoAsync("/journeys");
            await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
            await SubmitTokenAsync(studio, Provider.Token("short.lived", "Viewer", InMinutes(0.75)));
            await Expect(studio.TestId("whoami-name")).ToHaveTextAsync("short.lived");
            await Expect(studio.TestId("connection")).ToHaveAttributeAsync("data-state", "open");

            await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
            await Expect(studio.TestId("whoami-name")).ToHaveCountAsync(0);
        }
    }

    // A provider rotates its signing key: a token with the new kid signs in on the running server (the handler reads the
    // JWKS again for a kid it does not know). The operator's action is recorded and logged under the token's name, and no
    // token appears in the server's output.
    [Fact]
    public async Task ATokenSignedByARotatedKeyWorksWithoutARestart_AndItsPrincipalIsAuditedButNeverItsToken()
    {
        var before = Provider.Token("ops.before", "Operator", InMinutes(30));
        await using (var first = await SignInWithTokenAsync(before))
        {
            await Expect(first.TestId("whoami-name")).ToHaveTextAsync("ops.before");
        }

        var reads = Provider.KeySetReads;
        Provider.RotateKey();
        var after = Provider.Token("ops.rotated", "Operator", InMinutes(30));
        var id = await fixture.Studio.Api.StartFaultedAtKycAsync("ROTATED");

        await using var studio = await SignInWithTokenAsync(after, $"/journeys/{id}");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync("ops.rotated");
        Assert.True(Provider.KeySetReads > reads, "The server did not read the JWKS again for the new key.");

        await studio.TestId("incident-retry").ClickAsync();
        await studio.TestId("retry-reason").FillAsync("KYC provider back up");
        await studio.Page.GetByRole(AriaRole.Dialog).GetByTestId("confirm-button").ClickAsync();
        var retried = studio.TestId("journal").Locator("[data-kind='IncidentRetried']");
        await Expect(retried.GetByTestId("journal-by")).ToHaveTextAsync("by ops.rotated", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });

        var audit = await fixture.Studio.Api.ListAuditAsync($"instanceId={id}&action=retry");
        Assert.Equal("ops.rotated", (string?)audit["items"]![0]!["principal"]);
        var output = fixture.Studio.Server.Output;
        Assert.Contains(output, line => line.Contains("by ops.rotated", StringComparison.Ordinal));
        foreach (var token in new[] { before, after })
        {
            // A JWT's signature is its last segment: no line holds the token, nor the signature alone.
            Assert.DoesNotContain(output, line => line.Contains(token[(token.LastIndexOf('.') + 1)..], StringComparison.Ordinal));
        }

        studio.AssertNoConsoleErrors();
    }
}
