using System.Text.RegularExpressions;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// The audit trail in the Studio (RBI digital lending: every action on a loan, by whom and why): operator actions taken
/// through the API show on the Audit page, newest first, and on their journey's page; the filters narrow the list and
/// live in the URL; every role reads it, a narrow window too.
/// </summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class AuditTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";

    /// <summary>A pay-later journey waiting at <c>otp</c>, cancelled by the Operator with <paramref name="reason"/>.</summary>
    private async Task<string> CancelledByTheOperatorAsync(string reason)
    {
        var id = await WaitingAtOtpAsync();
        await fixture.Api.OperateAsync(id, "cancel", reason, TestPrincipals.OperatorKey);
        return id;
    }

    /// <summary>A pay-later journey waiting at <c>otp</c>: one the Operator can cancel.</summary>
    private async Task<string> WaitingAtOtpAsync()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        return id;
    }

    /// <summary>A personal loan faulted at KYC (sandbox scenario 0007), retried by the Operator with <paramref name="reason"/>.</summary>
    private async Task<string> RetriedByTheOperatorAsync(string reason)
    {
        var id = await fixture.Api.StartFaultedAtKycAsync("AUDIT");
        await fixture.Api.OperateAsync(id, "incident/retry", reason, TestPrincipals.OperatorKey);
        return id;
    }

    private static ILocator Rows(StudioPage studio) => studio.TestId("audit-row");

    private static ILocator Row(StudioPage studio, string instanceId, string action) =>
        studio.Page.Locator($"[data-testid='audit-row'][data-instance-id='{instanceId}'][data-action='{action}']");

    private static ILocator MainNavLink(StudioPage studio, string name) =>
        studio.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    [Fact]
    public async Task OperatorActionsShowNewestFirstOnTheAuditPageAndOnTheirJourney_AndFiltersNarrowThem()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var cancelled = await CancelledByTheOperatorAsync($"borrower withdrew {tag}");
        var retried = await RetriedByTheOperatorAsync($"KYC provider back up {tag}");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        await studio.GotoAsync("/journeys");
        await MainNavLink(studio, "Audit").ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new Regex("#/audit$"));

        // Who, what, on which journey, why; the entries newest first (the retry came after the cancel).
        await Expect(Row(studio, retried, "retry").GetByTestId("audit-reason")).ToHaveTextAsync($"KYC provider back up {tag}");
        await Expect(Row(studio, retried, "retry").GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.OperatorName);
        await Expect(Row(studio, cancelled, "cancel").GetByTestId("audit-reason")).ToHaveTextAsync($"borrower withdrew {tag}");
        await Expect(Row(studio, cancelled, "cancel").GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.OperatorName);
        await Expect(Row(studio, cancelled, "start").GetByTestId("audit-data")).ToHaveTextAsync(new Regex(@"^version \d+$"));
        await Expect(Row(studio, retried, "retry").GetByTestId("audit-journey")).ToHaveAttributeAsync("href", $"#/journeys/{retried}");
        var seqs = await Rows(studio).EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.seq))");
        Assert.True(seqs.Length >= 4, $"only {seqs.Length} rows");
        Assert.Equal(seqs.OrderDescending(), seqs);
        var order = await Rows(studio).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action + ':' + r.dataset.instanceId)");
        Assert.True(Array.IndexOf(order, $"retry:{retried}") < Array.IndexOf(order, $"cancel:{cancelled}"), string.Join(", ", order));
        await studio.ScreenshotAsync("audit");
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "audit", findings);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));

        // The action filter applies at once, under the API's name in the URL; the retry goes, the cancel stays.
        await studio.Page.GetByLabel("Action").SelectOptionAsync("cancel");
        await Expect(studio.Page).ToHaveURLAsync(new Regex(@"#/audit\?action=cancel$"));
        await Expect(Row(studio, retried, "retry")).ToHaveCountAsync(0);
        await Expect(Row(studio, cancelled, "cancel")).ToBeVisibleAsync();
        await Expect(studio.Page.Locator("[data-testid='audit-row']:not([data-action='cancel'])")).ToHaveCountAsync(0);

        // With the journey too: that one entry, and the pager says so.
        await studio.Page.GetByLabel("Journey id").FillAsync(cancelled);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new Regex($@"#/audit\?action=cancel&instanceId={cancelled}$"));
        await Expect(studio.TestId("audit-page-range")).ToHaveTextAsync("Entries 1–1 of 1 · page 1 of 1");
        await Expect(Rows(studio)).ToHaveCountAsync(1);
        await Expect(Row(studio, cancelled, "cancel")).ToBeVisibleAsync();

        // Nobody by that name: the empty state; Reset brings every entry back.
        await studio.Page.GetByLabel("Principal").FillAsync($"nobody-{tag}");
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(studio.TestId("audit-empty")).ToHaveTextAsync("No audit entries match these filters.");
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new Regex("#/audit$"));
        await Expect(Row(studio, retried, "retry")).ToBeVisibleAsync();

        // The journey's page lists its own actions and leads to the Audit page filtered on it.
        await studio.GotoAsync($"/journeys/{retried}");
        var actions = studio.TestId("journey-audit");
        var retry = actions.Locator("[data-testid='audit-item'][data-action='retry']");
        await Expect(retry.GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.OperatorName);
        await Expect(retry.GetByTestId("audit-reason")).ToHaveTextAsync($"“KYC provider back up {tag}”");
        await Expect(actions.Locator("[data-testid='audit-item'][data-action='start']").GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.AdminName);
        await actions.ScrollIntoViewIfNeededAsync();
        await studio.ScreenshotAsync("journey-audit");
        await actions.GetByTestId("journey-audit-link").ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new Regex($@"#/audit\?instanceId={retried}$"));
        await Expect(Row(studio, retried, "retry")).ToBeVisibleAsync();
        await Expect(Row(studio, retried, "start")).ToBeVisibleAsync();
        await Expect(Rows(studio)).ToHaveCountAsync(2);
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PagingByKeyset_AnActionRecordedWhileReadingNeitherShiftsNorRepeatsThePageAfter_AndPreviousWalksBack()
    {
        // Six journeys waiting at otp; five cancelled now, the sixth while the auditor reads page 1. At two a page:
        // page 1 is the two newest cancels, page 2 the next two, page 3 the oldest.
        var journeys = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => WaitingAtOtpAsync()));
        foreach (var id in journeys[..5])
        {
            await fixture.Api.OperateAsync(id, "cancel", $"paging the audit trail {id}", TestPrincipals.OperatorKey);
        }

        // Only this test's cancels (the tests run one after another): from one of its journeys' start, which came before
        // all of them, by the server's own clock.
        var start = await fixture.Api.ListAuditAsync($"instanceId={journeys[0]}&action=start");
        var query = $"action=cancel&from={Uri.EscapeDataString(start["items"]![0]!["at"]!.GetValue<string>())}";
        var cancels = await SeqsAsync(query);
        Assert.Equal(5, cancels.Count);

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        await studio.GotoAsync($"/audit?{query}&take=2");
        var next = studio.Page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
        var previous = studio.Page.GetByRole(AriaRole.Button, new() { Name = "Previous", Exact = true });
        var range = studio.TestId("audit-page-range");
        Assert.Equal(cancels[..2], await SeqsOfPageAsync(studio, 1));
        await Expect(range).ToHaveTextAsync("Entries 1–2 of 5 · page 1 of 3");
        await Expect(previous).ToBeDisabledAsync();

        // An action is recorded while page 1 is on screen: by offset, page 2 would start with page 1's last entry again.
        await fixture.Api.OperateAsync(journeys[5], "cancel", "recorded while the auditor reads", TestPrincipals.OperatorKey);
        var newest = (await SeqsAsync(query))[0];
        Assert.DoesNotContain(newest, cancels);
        await next.ClickAsync();
        Assert.Equal(cancels[2..4], await SeqsOfPageAsync(studio, 2));
        await Expect(range).ToHaveTextAsync("Entries 3–4 of 6 · page 2 of 3");
        Assert.Contains($"before={cancels[1]}", studio.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("skip=", studio.Page.Url, StringComparison.Ordinal);

        await next.ClickAsync();
        Assert.Equal(cancels[4..], await SeqsOfPageAsync(studio, 3));
        await Expect(range).ToHaveTextAsync("Entries 5–5 of 6 · page 3 of 3");
        await Expect(next).ToBeDisabledAsync();
        Assert.Contains($"before={cancels[3]}", studio.Page.Url, StringComparison.Ordinal);
        Assert.Contains($"trail={cancels[1]}", studio.Page.Url, StringComparison.Ordinal);

        // A reload keeps the page and the way back; Previous walks it to page 2, then to page 1, asked afresh: the
        // first page is the newest entries, so the one recorded meanwhile now heads it.
        await studio.Page.ReloadAsync();
        Assert.Equal(cancels[4..], await SeqsOfPageAsync(studio, 3));
        await previous.ClickAsync();
        Assert.Equal(cancels[2..4], await SeqsOfPageAsync(studio, 2));
        await previous.ClickAsync();
        Assert.Equal(new List<long> { newest, cancels[0] }, await SeqsOfPageAsync(studio, 1));
        await Expect(range).ToHaveTextAsync("Entries 1–2 of 6 · page 1 of 3");
        Assert.DoesNotContain("before=", studio.Page.Url, StringComparison.Ordinal);

        // The browser's Back returns to page 2, as it was.
        await studio.Page.GoBackAsync();
        Assert.Equal(cancels[2..4], await SeqsOfPageAsync(studio, 2));
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnAdminDownloadsTheFilteredTrailAsCsv_AFormulaInAReasonStaysText_AndTheExportIsRecorded_AnOperatorSeesNoExport()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var cancelled = await CancelledByTheOperatorAsync($"=HYPERLINK(x) {tag}");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        await studio.GotoAsync($"/audit?action=cancel&instanceId={cancelled}");
        await Expect(Row(studio, cancelled, "cancel")).ToBeVisibleAsync();
        // From where (session 46): the Operator's key over loopback, shown in the row and written in the file.
        await Expect(Row(studio, cancelled, "cancel").GetByTestId("audit-origin-address")).ToHaveTextAsync("127.0.0.1");
        await Expect(Row(studio, cancelled, "cancel").GetByTestId("audit-origin-signin")).ToHaveTextAsync($" · API key {TestPrincipals.OperatorName}");
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Export…" }).ClickAsync();
        await studio.Page.GetByLabel("Format").SelectOptionAsync("csv");
        var download = await studio.Page.RunAndWaitForDownloadAsync(() => studio.TestId("audit-export-download").ClickAsync());

        Assert.Matches(@"^audit_beginning_to_\d{4}-\d{2}-\d{2}(T\d{6}Z)?\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("seq,at,principal,action,workflowId,instanceId,reason,data,clientAddress,authMethod,authId,userAgent", lines[0]);
        var line = Assert.Single(lines[1..]);
        // The page's filters, every page of them; the reason a spreadsheet would run as a formula written as text.
        Assert.Contains($",{TestPrincipals.OperatorName},cancel,{PayLater},{cancelled},\"'=HYPERLINK(x) {tag}\",", line, StringComparison.Ordinal);
        Assert.Contains($",127.0.0.1,key,{TestPrincipals.OperatorName},", line, StringComparison.Ordinal);

        var export = (await fixture.Api.ListAuditAsync("action=audit-export"))["items"]!.AsArray()
            .Single(e => (string?)e!["data"]!["filters"]!["instanceId"] == cancelled)!;
        Assert.Equal(TestPrincipals.AdminName, (string?)export["principal"]);
        Assert.Equal(1, (int)export["data"]!["rows"]!);
        studio.AssertNoConsoleErrors();

        await using var operatorStudio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey);
        await operatorStudio.GotoAsync($"/audit?action=cancel&instanceId={cancelled}");
        await Expect(Row(operatorStudio, cancelled, "cancel")).ToBeVisibleAsync();
        await Expect(operatorStudio.Page.GetByRole(AriaRole.Button, new() { Name = "Export…" })).ToHaveCountAsync(0);
    }

    /// <summary>The <c>seq</c> of every entry the API lists for <paramref name="query"/>, newest first.</summary>
    private async Task<List<long>> SeqsAsync(string query) =>
        [.. (await fixture.Api.ListAuditAsync($"{query}&take=1000"))["items"]!.AsArray().Select(e => e!["seq"]!.GetValue<long>())];

    /// <summary>The entries' <c>seq</c> once the Audit page shows page <paramref name="page"/> (the pager names the page of the rows on screen).</summary>
    private static async Task<List<long>> SeqsOfPageAsync(StudioPage studio, int page)
    {
        await Expect(studio.TestId("audit-pager")).ToHaveAttributeAsync("data-page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return [.. await Rows(studio).EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.seq))")];
    }

    [Fact]
    public async Task EveryRoleReadsTheAuditTrail_AViewerOnANarrowScreenToo_AndABadRangeShowsTheServersProblem()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var cancelled = await CancelledByTheOperatorAsync($"duplicate application {tag}");

        foreach (var key in new[] { TestPrincipals.OperatorKey, TestPrincipals.DesignerKey })
        {
            await using var other = await fixture.OpenAsync(apiKey: key);
            await other.GotoAsync($"/audit?instanceId={cancelled}");
            await Expect(MainNavLink(other, "Audit")).ToHaveAttributeAsync("aria-current", "page");
            await Expect(Row(other, cancelled, "cancel").GetByTestId("audit-reason")).ToHaveTextAsync($"duplicate application {tag}");
            other.AssertNoConsoleErrors();
        }

        await using var studio = await fixture.OpenAsync(width: 390, height: 844, apiKey: TestPrincipals.ViewerKey);
        await studio.GotoAsync("/journeys");
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync("Viewer");
        await MainNavLink(studio, "Audit").ClickAsync();
        await Expect(studio.TestId("audit-page")).ToBeVisibleAsync();

        // The filters fold behind a button; each row is a card of labelled lines, and the page never scrolls sideways.
        await Expect(studio.Page.GetByLabel("Journey id")).ToBeHiddenAsync();
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Show filters" }).ClickAsync();
        await studio.Page.GetByLabel("Journey id").FillAsync(cancelled);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(Rows(studio)).ToHaveCountAsync(2);
        var row = Row(studio, cancelled, "cancel");
        await Expect(row.GetByTestId("audit-principal")).ToHaveTextAsync(TestPrincipals.OperatorName);
        await Expect(row.GetByTestId("audit-reason")).ToHaveTextAsync($"duplicate application {tag}");
        var reason = await row.GetByTestId("audit-reason").BoundingBoxAsync();
        Assert.True(reason!.X + reason.Width <= 390, $"the reason ends at {reason.X + reason.Width} px in a 390 px window");
        await LayoutAndKeyboardTests.AssertNoSidewaysScrollAsync(studio, "audit");
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Hide filters" }).ClickAsync();
        await Expect(studio.Page.GetByLabel("Journey id")).ToBeHiddenAsync();
        await studio.ScreenshotAsync("audit-narrow");

        await studio.GotoAsync($"/journeys/{cancelled}");
        var actions = studio.TestId("journey-audit");
        await Expect(actions.Locator("[data-testid='audit-item'][data-action='cancel']").GetByTestId("audit-reason")).ToHaveTextAsync($"“duplicate application {tag}”");
        await LayoutAndKeyboardTests.AssertNoSidewaysScrollAsync(studio, "journey");
        await actions.ScrollIntoViewIfNeededAsync();
        await studio.ScreenshotAsync("journey-audit-narrow");

        // A range that ends before it starts: the server's 400 problem details, naming the field, and no rows.
        await studio.GotoAsync("/audit?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z");
        var problem = studio.TestId("problem");
        await Expect(problem).ToContainTextAsync("(400)");
        await Expect(problem.Locator("li")).ToHaveTextAsync("to: Must not be before from.");
        await Expect(studio.TestId("audit-table")).ToHaveCountAsync(0);
        // Chromium logs the refused request as a console error: the one this test provokes on purpose.
        studio.AssertNoConsoleErrors(except: "400");
    }
}
