using System.Diagnostics;
using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

[Collection(StudioTestGroup.Name)]
public sealed class DashboardTests(StudioFixture fixture)
{
    private const string Workflow = "finbox-personal-loan";

    [Fact]
    public async Task FunnelCountsMatchTheApi()
    {
        // One journey per ending: disbursed, rejected at the BRE (0000), rejected at KYC (0004), and one left faulted (0007).
        var started = new List<string>();
        foreach (var lastFour in new[] { "3210", "0000", "0004", "0007" })
        {
            started.Add(await fixture.Api.StartAsync(Workflow, JourneyApi.Sample(Workflow, new Dictionary<string, string>
            {
                ["customerId"] = Ids.Customer("FUNNEL"),
                ["mobile"] = Ids.Mobile(lastFour),
            })));
        }

        foreach (var id in started)
        {
            await fixture.Api.WaitUntilAsync(id, i => (string?)i["status"] is "Completed" or "Faulted", StudioFixture.JourneyDeadline, "Completed or Faulted");
        }

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/dashboard?workflowId={Workflow}");
        await Expect(studio.TestId("funnel")).ToBeVisibleAsync();
        await Expect(studio.TestId("funnel-outcome").And(studio.Page.Locator("[data-outcome='Rejected']"))).ToBeVisibleAsync();
        var shown = await WhenFunnelMatchesAsync(studio, StudioFixture.ExpectDeadline);
        Assert.True(shown.Faulted >= 1 && shown.Rejected >= 2, $"faulted {shown.Faulted}, rejected {shown.Rejected}");
        await studio.ScreenshotAsync("dashboard");

        // Live: a new journey moves the funnel without a reload.
        await fixture.Api.StartAsync(Workflow, JourneyApi.Sample(Workflow, new Dictionary<string, string> { ["customerId"] = Ids.Customer("FUNNEL") }));
        await Expect(studio.TestId("funnel-summary")).ToHaveAttributeAsync("data-total", (shown.Total + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WhenFunnelMatchesAsync(studio, StudioFixture.ExpectDeadline);
        studio.AssertNoConsoleErrors();
    }

    private sealed record Shown(int Total, int Faulted, int Rejected);

    /// <summary>Waits until every step row on the page carries the API's numbers (the page refreshes live; journeys move).</summary>
    private async Task<Shown> WhenFunnelMatchesAsync(StudioPage studio, TimeSpan within)
    {
        var elapsed = Stopwatch.StartNew();
        string difference;
        do
        {
            var api = await fixture.Api.GetFunnelAsync(Workflow);
            var page = JsonNode.Parse(await studio.Page.EvaluateAsync<string>("""
                () => JSON.stringify({
                  total: Number(document.querySelector("[data-testid='funnel-summary']")?.dataset.total ?? -1),
                  outcomes: Object.fromEntries([...document.querySelectorAll("[data-testid='funnel-outcome']")].map(o => [o.dataset.outcome, Number(o.dataset.count)])),
                  steps: [...document.querySelectorAll("[data-testid='funnel-step']")].map(r => ({
                    stepId: r.dataset.stepId, reached: Number(r.dataset.reached), waiting: Number(r.dataset.waiting),
                    faulted: Number(r.dataset.faulted), rejected: Number(r.dataset.rejected), continued: Number(r.dataset.continued) })),
                })
                """))!.AsObject();
            difference = Compare(api, page);
            if (difference.Length == 0)
            {
                var steps = api["steps"]!.AsArray();
                return new Shown(
                    api["total"]!.GetValue<int>(),
                    steps.Sum(s => s!["faulted"]!.GetValue<int>()),
                    steps.Sum(s => s!["rejected"]!.GetValue<int>()));
            }

            await Task.Delay(200);
        }
        while (elapsed.Elapsed < within);

        Assert.Fail($"The funnel on the page never matched GET /api/dashboard/funnel within {within}: {difference}");
        return null!;
    }

    private static string Compare(JsonObject api, JsonObject page)
    {
        if (api["total"]!.GetValue<int>() != page["total"]!.GetValue<int>())
        {
            return $"total {page["total"]} on the page, {api["total"]} in the API";
        }

        if (!JsonNode.DeepEquals(api["outcomes"], page["outcomes"]))
        {
            return $"outcomes {page["outcomes"]!.ToJsonString()} on the page, {api["outcomes"]!.ToJsonString()} in the API";
        }

        var apiSteps = api["steps"]!.AsArray();
        var pageSteps = page["steps"]!.AsArray();
        if (apiSteps.Count != pageSteps.Count)
        {
            return $"{pageSteps.Count} steps on the page, {apiSteps.Count} in the API";
        }

        for (var i = 0; i < apiSteps.Count; i++)
        {
            var a = apiSteps[i]!;
            var p = pageSteps[i]!;
            foreach (var field in new[] { "stepId", "reached", "waiting", "faulted", "rejected" })
            {
                if (a[field]!.ToJsonString() != p[field]!.ToJsonString())
                {
                    return $"step {i} {field}: {p[field]} on the page, {a[field]} in the API";
                }
            }

            // "went on" is completed less rejected (the API counts a rejecting step as completed).
            var wentOn = a["completed"]!.GetValue<int>() - a["rejected"]!.GetValue<int>();
            var reached = a["reached"]!.GetValue<int>();
            var expected = Math.Max(0, Math.Min(wentOn, reached - a["waiting"]!.GetValue<int>() - a["faulted"]!.GetValue<int>() - a["rejected"]!.GetValue<int>()));
            if (p["continued"]!.GetValue<int>() != expected)
            {
                return $"step {a["stepId"]} went on: {p["continued"]} on the page, {expected} from the API";
            }
        }

        return "";
    }
}
