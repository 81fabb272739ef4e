using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioDesignTestGroup.Name)]
public sealed class SignInTests(StudioFixture fixture)
{
    [Fact]
    public async Task NothingShowsUntilSignedInWithTheApiKey()
    {
        await using var studio = await fixture.OpenAsync(signedIn: false);
        await studio.GotoAsync("/journeys?status=Waiting");

        await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
        await Expect(studio.TestId("instance-table")).ToHaveCountAsync(0);
        await Expect(studio.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);

        await studio.Page.GetByLabel("API key").FillAsync(ServerProcess.ApiKey);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The link's filters survive signing in.
        await Expect(studio.TestId("instance-table")).ToBeVisibleAsync();
        await Expect(studio.TestId("status-count-Waiting")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(studio.TestId("connection")).ToHaveAttributeAsync("data-state", "open");

        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
        await studio.Page.ReloadAsync();
        await Expect(studio.TestId("signin-form")).ToBeVisibleAsync();
        studio.AssertNoConsoleErrors();
    }
}
