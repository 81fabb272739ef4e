using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioTestGroup.Name)]
public sealed class JourneysListTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private const string PayLaterApp = "CFAPP-DEMO-1234";

    [Fact]
    public async Task JourneysStartedThroughTheApiAppearAndAdvanceLive()
    {
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync("/journeys");
        await Expect(studio.TestId("connection")).ToHaveAttributeAsync("data-state", "open");
        await Expect(studio.TestId("instance-table")).ToBeVisibleAsync();
        // Proves no reload below: a reload would forget this.
        await studio.Page.EvaluateAsync("() => { window.__studioTestMarker = 'not reloaded'; }");

        var payLater = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        var personal = await fixture.Api.StartAsync("finbox-personal-loan", JourneyApi.Sample("finbox-personal-loan", new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer("LIVE"),
        }));

        // The pay-later journey shows up and stops at the borrower's OTP; the personal loan runs to the end on its own.
        await Expect(studio.Row(payLater)).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(studio.Row(payLater)).ToContainTextAsync("otp");
        await Expect(studio.Row(personal)).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await Expect(studio.Row(personal)).ToContainTextAsync("Disbursed");
        await studio.ScreenshotAsync("list");

        var otp = await fixture.Api.ReadOtpAsync(PayLaterApp, payLater);
        await fixture.Api.SendSignalAsync(payLater, "otp", new { otp });
        await Expect(studio.Row(payLater)).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(studio.Row(payLater)).ToContainTextAsync("Disbursed");

        Assert.Equal("not reloaded", await studio.Page.EvaluateAsync<string>("() => window.__studioTestMarker"));
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// The operator's pages load without the JSON editor: Monaco (~4 MB of script) comes only with the designer and the
    /// start form, so the list renders fast on a slow machine. A chunking mistake once put React into Monaco's chunk and
    /// made every page load all of it.
    /// </summary>
    [Fact]
    public async Task TheListLoadsWithoutTheEditor_WhichComesWithTheDesignerAndWorks()
    {
        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync("/journeys");
        await Expect(studio.TestId("instance-table")).ToBeVisibleAsync();
        Assert.Contains(studio.RequestedUrls, u => u.Contains("/studio/assets/react-", StringComparison.Ordinal));
        Assert.DoesNotContain(studio.RequestedUrls, u => u.Contains("/studio/assets/monaco-", StringComparison.Ordinal));

        var draftId = "bundle-" + Guid.NewGuid().ToString("N")[..8];
        var copy = await fixture.Api.ExportAsync(PayLater);
        copy["id"] = draftId;
        await fixture.Api.SaveDraftAsync(copy);
        await studio.GotoAsync($"/definitions/{draftId}/edit");
        await Expect(studio.StepNode("otp")).ToBeVisibleAsync();
        await studio.TestId("tab-json").ClickAsync();
        await Expect(studio.TestId("json-editor").Locator(".monaco-editor")).ToContainTextAsync(draftId);
        Assert.Contains(studio.RequestedUrls, u => u.Contains("/studio/assets/monaco-", StringComparison.Ordinal));
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task FiltersNarrowTheListAndLiveInTheUrl()
    {
        var customer = Ids.Customer("FILTER");
        var mine = await fixture.Api.StartAsync("finbox-personal-loan", JourneyApi.Sample("finbox-personal-loan", new Dictionary<string, string>
        {
            ["customerId"] = customer,
        }));
        var other = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await fixture.Api.WaitUntilAsync(mine, i => (string?)i["status"] == "Completed", StudioFixture.JourneyDeadline, "Completed");

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync("/journeys");
        await Expect(studio.Row(other)).ToBeVisibleAsync();

        await studio.Page.GetByLabel("Correlation / customer id").FillAsync(customer);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(studio.TestId("instance-row")).ToHaveCountAsync(1);
        await Expect(studio.Row(mine)).ToBeVisibleAsync();
        Assert.Contains("correlationId=" + customer, studio.Page.Url, StringComparison.Ordinal);

        await studio.Page.GetByLabel("Correlation / customer id").FillAsync("");
        // A select applies at once, taking the edited (here: cleared) text fields along.
        await studio.TestId("filters").GetByLabel("Workflow").SelectOptionAsync(PayLater);
        await Expect(studio.Row(other)).ToBeVisibleAsync();
        await Expect(studio.Row(mine)).ToHaveCountAsync(0);
        foreach (var row in await studio.TestId("instance-row").AllAsync())
        {
            await Expect(row).ToContainTextAsync(PayLater);
        }

        // A status count toggles the status filter: only waiting pay-later journeys remain.
        await studio.TestId("status-count-Waiting").ClickAsync();
        await Expect(studio.TestId("status-count-Waiting")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(studio.Row(other)).ToBeVisibleAsync();
        foreach (var row in await studio.TestId("instance-row").AllAsync())
        {
            await Expect(row).ToHaveAttributeAsync("data-status", "Waiting");
        }

        Assert.Contains("status=Waiting", studio.Page.Url, StringComparison.Ordinal);
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// Keyset paging over the real server: Next follows the API's <c>next</c>, Previous walks back the cursors the URL
    /// keeps, and the browser's Back/Forward and a reload land on the same rows. Eleven journeys at four a page: three
    /// pages whose rows, put together, are the API's whole list in order (no duplicates, no gaps).
    /// </summary>
    [Fact]
    public async Task PagingForwardAndBackShowsEveryJourneyOnceAndSurvivesBackForwardAndReload()
    {
        const int Journeys = 11;
        const int PageSize = 4;
        var correlation = Ids.Customer("PAGES");
        for (var n = 0; n < Journeys; n++)
        {
            await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation);
        }

        var all = await fixture.Api.ListInstancesAsync($"correlationId={correlation}&take=500");
        var expected = all["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Journeys, expected.Count);
        var pages = expected.Chunk(PageSize).Select(p => p.ToList()).ToList();

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys?correlationId={correlation}&take={PageSize}");
        var next = studio.Page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
        var previous = studio.Page.GetByRole(AriaRole.Button, new() { Name = "Previous", Exact = true });

        Assert.Equal(pages[0], await RowsOfPageAsync(studio, 1));
        await Expect(studio.TestId("page-range")).ToHaveTextAsync($"Page 1 · {PageSize} shown · {Journeys} matching");
        await Expect(previous).ToBeDisabledAsync();
        await next.ClickAsync();
        Assert.Equal(pages[1], await RowsOfPageAsync(studio, 2));
        await next.ClickAsync();
        Assert.Equal(pages[2], await RowsOfPageAsync(studio, 3));
        await Expect(studio.TestId("page-range")).ToHaveTextAsync($"Page 3 · {Journeys - (2 * PageSize)} shown · {Journeys} matching");
        await Expect(next).ToBeDisabledAsync();
        Assert.Contains("after=", studio.Page.Url, StringComparison.Ordinal);
        Assert.Contains("trail=", studio.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("skip=", studio.Page.Url, StringComparison.Ordinal);

        // A reload keeps the page, and Previous still knows the way back.
        await studio.Page.ReloadAsync();
        Assert.Equal(pages[2], await RowsOfPageAsync(studio, 3));
        await previous.ClickAsync();
        Assert.Equal(pages[1], await RowsOfPageAsync(studio, 2));

        // The browser's history holds each page.
        await studio.Page.GoBackAsync();
        Assert.Equal(pages[2], await RowsOfPageAsync(studio, 3));
        await studio.Page.GoForwardAsync();
        Assert.Equal(pages[1], await RowsOfPageAsync(studio, 2));
        await previous.ClickAsync();
        Assert.Equal(pages[0], await RowsOfPageAsync(studio, 1));

        // A new sort starts at its first page.
        await next.ClickAsync();
        Assert.Equal(pages[1], await RowsOfPageAsync(studio, 2));
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Created" }).ClickAsync();
        Assert.Equal(expected.AsEnumerable().Reverse().Take(PageSize).ToList(), await RowsOfPageAsync(studio, 1));
        Assert.DoesNotContain("after=", studio.Page.Url, StringComparison.Ordinal);
        studio.AssertNoConsoleErrors();
    }

    /// <summary>The journey ids in the list once it shows page <paramref name="page"/> (the pager names the page of the rows on screen).</summary>
    private static async Task<List<string>> RowsOfPageAsync(StudioPage studio, int page)
    {
        await Expect(studio.TestId("pager")).ToHaveAttributeAsync("data-page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return [.. await studio.TestId("instance-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instanceId)")];
    }
}
