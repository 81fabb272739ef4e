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

    // Walk 47: "faulted now" on the dashboard was a number only; the operator set the list's filters by hand to reach them.
    // Session 49: the stuck list showed waiting journeys only; a journey faulted a minute ago is an operator's to repair now.
    [Fact]
    public async Task AFaultedJourneyIsStuckAtOnce_WithItsKind_AndFaultedNowOpensTheListOfThatWorkflowsFaultedJourneys()
    {
        var faulted = await fixture.Api.StartFaultedAtKycAsync("DASHFAULTED");

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey);
        await studio.GotoAsync($"/dashboard?workflowId={Workflow}");
        await Expect(studio.TestId("funnel")).ToBeVisibleAsync();
        var stuck = studio.TestId("stuck-faulted").Locator($"[data-testid='stuck-row'][data-instance-id='{faulted}']");
        await Expect(stuck.GetByTestId("incident-badge")).ToHaveAttributeAsync("data-kind", "LenderError");
        await Expect(stuck.GetByTestId("stuck-link")).ToHaveAttributeAsync("href", $"#/journeys/{faulted}");
        var tile = studio.TestId("kpi-faulted");
        await Expect(tile).ToContainTextAsync("faulted now");
        await tile.ClickAsync();

        await Expect(studio.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/journeys\\?(?=.*workflowId={Workflow})(?=.*status=Faulted)"));
        await Expect(studio.TestId("status-count-Faulted")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(studio.Page.Locator($"[data-testid='instance-row'][data-instance-id='{faulted}']")).ToBeVisibleAsync();
        var statuses = await studio.TestId("instance-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)");
        Assert.All(statuses, s => Assert.Equal("Faulted", s));
        studio.AssertNoConsoleErrors();
    }

    // Seen on capitalfloat-paylater's dashboard at 1280 px: "median 2 min 10 s" 17 px past its column, which was a fixed
    // 6.4rem. The sandbox's steps take seconds, so the page is served minutes and hours as the median of every step.
    [Fact]
    public async Task FunnelTextStaysInsideItsCells_AtTheDesktopAndPhoneWidths()
    {
        const string PayLater = "capitalfloat-paylater";
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater, new Dictionary<string, string> { ["customerId"] = Ids.Customer("FUNNELCELLS") }));
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "Waiting at otp");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        long[] medians = [130_000, 3_599_000, 172_740_000]; // 2 min 10 s, 59 min 59 s, 47 h 59 min: the widest of each unit
        await studio.Page.RouteAsync(url => new Uri(url).AbsolutePath.EndsWith("/api/dashboard/funnel", StringComparison.Ordinal), async route =>
        {
            var response = await route.FetchAsync();
            var funnel = JsonNode.Parse(await response.TextAsync())!;
            var steps = funnel["steps"]!.AsArray();
            for (var i = 0; i < steps.Count; i++)
            {
                steps[i]!["medianDurationMs"] = medians[i % medians.Length];
            }

            await route.FulfillAsync(new() { Response = response, Body = funnel.ToJsonString() });
        });
        await studio.GotoAsync($"/dashboard?workflowId={PayLater}");
        await Expect(studio.TestId("funnel-step").Locator(".funnel-median", new() { HasText = "median 2 min 10 s" }).First).ToBeVisibleAsync();
        await Expect(studio.TestId("funnel-step").Locator(".stop-waiting").First).ToBeVisibleAsync();

        var cut = await CutFunnelTextAsync(studio);
        Assert.True(cut.Length == 0, $"at 1280 px: {cut}");
        await studio.Page.SetViewportSizeAsync(390, 844);
        cut = await CutFunnelTextAsync(studio);
        Assert.True(cut.Length == 0, $"at 390 px: {cut}");
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// Every funnel cell whose text reaches past it, or that reaches past its row (a stop past its column), with by how much;
    /// empty when none. A long step title is cut with an ellipsis on purpose, so its own text is not measured.
    /// </summary>
    private static Task<string> CutFunnelTextAsync(StudioPage studio) => studio.Page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll("[data-testid='funnel-step']")].flatMap((row) =>
          [...row.querySelectorAll('.funnel-label, .funnel-label > :not(.funnel-title), .funnel-track, .funnel-nums, .funnel-nums > *, .stop')].flatMap((cell) => {
            const box = cell.getBoundingClientRect();
            const outer = (cell.parentElement.closest('.funnel-nums, .funnel-stops') === cell.parentElement ? cell.parentElement : row).getBoundingClientRect();
            // The text of the cells that hold text (the column cells hold cells, and a cut title's text runs on unseen).
            const text = document.createRange();
            text.selectNodeContents(cell);
            const t = cell.matches('.funnel-label, .funnel-track, .funnel-nums') ? { width: 0 } : text.getBoundingClientRect();
            const past = Math.max(cell.scrollWidth - cell.clientWidth, t.width > 0 ? t.right - box.right : 0, t.width > 0 ? box.left - t.left : 0,
              box.right - outer.right, outer.left - box.left);
            return past > 0.5 ? [`${row.dataset.stepId} .${cell.className.split(' ').join('.')} '${cell.textContent}' ${Math.round(past)} px past`] : [];
          }))
          .join('; ')
        """);

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
