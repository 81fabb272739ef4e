using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// ANCHORS.md, "the instance list hanging at 100 rows per page" (elsa-core#6236): 250 journeys listed at 100 and 200 a page,
/// chosen in the pager as an operator does, each page whole and every journey once. On the design group's server, which
/// publishes workflows of its own: the operator group's funnel compares whole-server counts.
/// </summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class LargeListTests(StudioFixture fixture)
{
    private const int Journeys = 250;

    [Fact]
    public async Task AtAHundredAndTwoHundredRowsAPage_250JourneysShowPageByPage_EachOnce()
    {
        var workflow = "rows-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.PublishAsync(workflow, await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(workflow, "Many rows")));
        var correlation = Ids.Customer("ROWS");
        foreach (var batch in Enumerable.Range(0, Journeys).Chunk(10))
        {
            await Task.WhenAll(batch.Select(_ => fixture.Api.StartAsync(workflow, new JsonObject(), correlation)));
        }

        var all = await fixture.Api.ListInstancesAsync($"correlationId={correlation}&take=500");
        var expected = all["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Journeys, expected.Count);

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys?correlationId={correlation}");
        var next = studio.Page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
        var perPage = studio.TestId("pager").GetByLabel("Per page");

        foreach (var take in new[] { 100, 200 })
        {
            await perPage.SelectOptionAsync(take.ToString(CultureInfo.InvariantCulture));
            var pages = expected.Chunk(take).Select(p => p.ToList()).ToList();
            for (var page = 1; page <= pages.Count; page++)
            {
                if (page > 1)
                {
                    await next.ClickAsync();
                }

                await Expect(studio.TestId("pager")).ToHaveAttributeAsync("data-page", page.ToString(CultureInfo.InvariantCulture));
                await Expect(studio.TestId("page-range")).ToHaveTextAsync($"Page {page} · {pages[page - 1].Count} shown · {Journeys} matching");
                var rows = await studio.TestId("instance-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instanceId)");
                Assert.Equal(pages[page - 1], rows);
            }

            await Expect(next).ToBeDisabledAsync();
        }

        studio.AssertNoConsoleErrors();
    }
}
