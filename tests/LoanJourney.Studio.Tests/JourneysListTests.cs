using LoanJourney.Studio.Tests.Support;
using Microsoft.Data.Sqlite;
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
    /// On a deployment shared by sourcing partners, the operator sees whose each journey is (a partner's name is not PII,
    /// so it is shown as it is) and lists one partner's by the Partner filter, which is the API's <c>?partner=</c>
    /// (session 44: the list showed no partner, only the journey page did).
    /// </summary>
    [Fact]
    public async Task TheListShowsEachJourneysPartner_AndFiltersByIt()
    {
        var partners = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), Ids.Customer("PARTNER"), TestPrincipals.PartnerKey);
        var teams = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), Ids.Customer("TEAM"));

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync("/journeys");
        await Expect(studio.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Partner", Exact = true })).ToBeVisibleAsync();
        await Expect(studio.Row(partners).GetByTestId("instance-partner")).ToHaveTextAsync(TestPrincipals.Partner);
        await Expect(studio.Row(teams).GetByTestId("instance-partner")).ToHaveTextAsync("—");

        await studio.Page.GetByLabel("Partner", new() { Exact = true }).FillAsync(TestPrincipals.Partner);
        await studio.Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]partner=acme(&|$)"));
        await Expect(studio.Row(partners)).ToBeVisibleAsync();
        await Expect(studio.Row(teams)).ToHaveCountAsync(0);
        var shown = await studio.Page.Locator("[data-testid='instance-row'] [data-testid='instance-partner']").AllTextContentsAsync();
        Assert.All(shown, partner => Assert.Equal(TestPrincipals.Partner, partner));
        var listed = await fixture.Api.ListInstancesAsync("partner=acme");
        await Expect(studio.TestId("status-count-all")).ToHaveAttributeAsync("data-count", listed["total"]!.ToJsonString());
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// The team's own journeys (started by no partner) are one choice of the Source filter, which is the API's
    /// <c>?hasPartner=false</c> and lives in the URL like the other filters; "From partners" is <c>hasPartner=true</c>
    /// (session 45: the API had it, the Studio offered only a named partner).
    /// </summary>
    [Fact]
    public async Task TheSourceFilterListsTheTeamsOwnJourneys_OrThePartners_AndLivesInTheUrl()
    {
        var correlation = Ids.Customer("SOURCE");
        var partners = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation, TestPrincipals.PartnerKey);
        var teams = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation);

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys?correlationId={correlation}");
        await Expect(studio.Row(partners)).ToBeVisibleAsync();
        await Expect(studio.Row(teams)).ToBeVisibleAsync();
        // Named "Source" by its label (with the chosen option after it, as a select inside its label is).
        var source = studio.TestId("filter-source");
        await Expect(source).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("^Source"));

        await source.SelectOptionAsync(new SelectOptionValue { Label = "Our own (no partner)" });
        await Expect(studio.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]hasPartner=false(&|$)"));
        await Expect(studio.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]correlationId={correlation}(&|$)"));
        await Expect(studio.Row(teams)).ToBeVisibleAsync();
        await Expect(studio.Row(partners)).ToHaveCountAsync(0);
        await Expect(studio.TestId("status-count-all")).ToHaveAttributeAsync("data-count", "1");

        // A reload keeps it, as any filter.
        await studio.Page.ReloadAsync();
        await Expect(source).ToHaveValueAsync("own");
        await Expect(studio.Row(teams)).ToBeVisibleAsync();
        await Expect(studio.Row(partners)).ToHaveCountAsync(0);

        await source.SelectOptionAsync(new SelectOptionValue { Label = "From partners" });
        await Expect(studio.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]hasPartner=true(&|$)"));
        await Expect(studio.Row(partners)).ToBeVisibleAsync();
        await Expect(studio.Row(teams)).ToHaveCountAsync(0);

        await source.SelectOptionAsync(new SelectOptionValue { Label = "All journeys" });
        await Expect(studio.Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("hasPartner"));
        await Expect(studio.Row(partners)).ToBeVisibleAsync();
        await Expect(studio.Row(teams)).ToBeVisibleAsync();
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// A partner-scoped principal lists its own partner's journeys whatever it asks (docs/api.md, <c>hasPartner</c>): it
    /// gets no Source filter. A partner's key gets no Studio session, so the session's answer is played here.
    /// </summary>
    [Fact]
    public async Task APartnerPrincipalGetsNoSourceFilter()
    {
        await using var studio = await fixture.OpenAsync();
        await PlayPartnerSessionAsync(studio);
        await studio.GotoAsync("/journeys");
        await Expect(studio.TestId("whoami-partner")).ToHaveTextAsync("partner acme");
        await Expect(studio.TestId("filters")).ToBeVisibleAsync();
        await Expect(studio.TestId("filter-source")).ToHaveCountAsync(0);

        await using var team = await fixture.OpenAsync();
        await team.GotoAsync("/journeys");
        await Expect(team.TestId("filter-source")).ToBeVisibleAsync();
    }

    /// <summary>
    /// At 1280×800 the operator sees every column of the list without scrolling sideways (walk 44: the table scrolled in
    /// its box, Waiting behind the scroll bar, and the Partner column came after): ids and names wrap inside their cells,
    /// a time is its date above its time, headers wrap between words; no header or cell is cut. An outcome is a word and
    /// is never broken inside it (walk 45: "Disbursed" wrapped mid-word, the Outcome cell having the ids' wrap-anywhere).
    /// </summary>
    [Fact]
    public async Task AtTheDesktopSize_EveryColumnShowsWithoutScrollingSideways()
    {
        // The widest row the list has: a partner's journey with a long correlation id, waiting (so Waiting has a value).
        var wide = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), Ids.Customer("PARTNER-WIDTH-CHECK"), TestPrincipals.PartnerKey);
        // And a personal loan that runs to its end on its own: Completed, outcome Disbursed.
        var disbursed = await fixture.Api.StartAsync("finbox-personal-loan", JourneyApi.Sample("finbox-personal-loan", new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer("OUTCOME-WIDTH-CHECK"),
        }));
        await fixture.Api.WaitUntilAsync(wide, i => (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        await fixture.Api.WaitUntilAsync(disbursed, i => (string?)i["status"] == "Completed", StudioFixture.JourneyDeadline, "completed");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 800);
        await studio.GotoAsync("/journeys");
        var row = studio.Row(wide);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByTestId("instance-partner")).ToHaveTextAsync(TestPrincipals.Partner);
        var waiting = row.Locator("td").Last;
        await Expect(waiting).Not.ToHaveTextAsync("—");
        await Expect(studio.Row(disbursed).GetByTestId("instance-outcome")).ToHaveTextAsync("Disbursed");
        var problems = await studio.TestId("instance-table").EvaluateAsync<string[]>("""
            (table) => {
              const out = [];
              const wrap = table.parentElement;
              if (wrap.scrollWidth > wrap.clientWidth + 1) out.push(`the table scrolls sideways in its box by ${wrap.scrollWidth - wrap.clientWidth} px`);
              const right = Math.min(wrap.getBoundingClientRect().right, document.documentElement.clientWidth);
              for (const th of table.querySelectorAll('thead th')) {
                const r = th.getBoundingClientRect();
                const name = th.textContent.trim() || 'select';
                if (r.right > right + 1) out.push(`${name} ends at ${Math.round(r.right)}, past ${Math.round(right)}`);
                if (th.scrollWidth > th.clientWidth + 1) out.push(`${name}'s header is cut`);
              }
              for (const td of table.querySelectorAll('tbody td')) {
                if (td.scrollWidth > td.clientWidth + 1) out.push(`a ${td.textContent.trim().slice(0, 30)} cell is cut (${td.scrollWidth} > ${td.clientWidth})`);
              }
              return out.slice(0, 10);
            }
            """);
        Assert.True(problems.Length == 0, string.Join("; ", problems));
        await LayoutAndKeyboardTests.AssertNoSidewaysScrollAsync(studio, "journeys");

        // Readable: the Waiting value on one line, whole.
        var lines = await waiting.EvaluateAsync<double>("(td) => { const r = document.createRange(); r.selectNodeContents(td); const cs = getComputedStyle(td); const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.25; return r.getBoundingClientRect().height / line; }");
        Assert.True(lines < 1.5, $"Waiting's value takes {lines:0.0} lines");

        // No outcome breaks inside a word: each word's text lies on one line (its boxes share one top).
        var broken = await studio.TestId("instance-table").EvaluateAsync<string[]>("""
            (table) => {
              const out = [];
              for (const td of table.querySelectorAll('[data-testid="instance-outcome"]')) {
                const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (const m of node.data.matchAll(/\S+/g)) {
                    const r = document.createRange();
                    r.setStart(node, m.index);
                    r.setEnd(node, m.index + m[0].length);
                    const tops = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
                    if (tops.size > 1) out.push(`"${m[0]}" is broken over ${tops.size} lines (cell ${td.clientWidth} px wide)`);
                  }
                }
              }
              return out.slice(0, 10);
            }
            """);
        Assert.True(broken.Length == 0, string.Join("; ", broken));
        studio.AssertNoConsoleErrors();
    }

    /// <summary>
    /// Where the Studio says who is signed in, it says which partner that principal acts for when the session names one
    /// (GET /api/session's <c>partner</c>, session 44). A partner's key gets no Studio session, so the answer is played
    /// here; PartnerScopeTests (Server) proves the server sends it.
    /// </summary>
    [Fact]
    public async Task TheSignedInPrincipalShowsThePartnerItActsFor()
    {
        await using var studio = await fixture.OpenAsync();
        await PlayPartnerSessionAsync(studio);
        await studio.GotoAsync("/journeys");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync("acme-bot");
        await Expect(studio.TestId("whoami-partner")).ToHaveTextAsync("partner acme");
        await Expect(studio.TestId("whoami")).ToHaveAttributeAsync("title", "Signed in as acme-bot (Operator), acting for partner acme");

        await using var team = await fixture.OpenAsync();
        await team.GotoAsync("/journeys");
        await Expect(team.TestId("whoami-name")).ToHaveTextAsync(TestPrincipals.AdminName);
        await Expect(team.TestId("whoami-partner")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Keys lost for good strand every journey written with them: an Admin selects them in the list and abandons them
    /// together. The dialog opens with the server's dry run (what each would leave to settle by hand, why the readable one
    /// is left) and abandons a journey with a once-only call of unknown outcome only once it is ticked as reconciled.
    /// </summary>
    [Fact]
    public async Task JourneysWhoseKeysAreLost_AreAbandonedTogetherFromTheList_AfterTheDryRun()
    {
        var correlation = Ids.Customer("BULKLOST");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater), correlation));
        }

        foreach (var id in ids)
        {
            await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");
        }

        var (lost, lostWithIntent, readable) = (ids[0], ids[1], ids[2]);
        await using (var connection = new SqliteConnection($"Data Source={fixture.Server.DatabasePath};Pooling=False;Default Timeout=60"))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                $"UPDATE instances SET input_json = 'enc:v1:%%% a key this ring lost %%%' WHERE id IN ('{lost}', '{lostWithIntent}')",
                $"INSERT INTO intents (instance_id, key, step_id, data_json, created_at) VALUES ('{lostWithIntent}', 'tranche', 'tranche', '{{}}', 1764000000000)",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
            }
        }

        await using (var operatorPage = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey))
        {
            await operatorPage.GotoAsync($"/journeys?correlationId={correlation}");
            await Expect(operatorPage.Row(readable)).ToBeVisibleAsync();
            await Expect(operatorPage.TestId("bulk-cancel")).ToBeVisibleAsync();
            await Expect(operatorPage.TestId("bulk-abandon")).ToHaveCountAsync(0);
        }

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys?correlationId={correlation}");
        foreach (var id in ids)
        {
            await studio.Page.GetByLabel($"Select journey {id}").CheckAsync();
        }

        await studio.TestId("bulk-abandon").ClickAsync();
        var preview = studio.TestId("bulk-abandon-preview");
        await Expect(preview.Locator("[data-testid='bulk-abandon-item']")).ToHaveCountAsync(3);
        var item = (string id) => preview.Locator($"[data-id='{id}']");
        await Expect(item(lost)).ToContainTextAsync("Not undone: CapitalFloat.CancelBlock for step block");
        await Expect(item(lostWithIntent)).ToContainTextAsync("Outcome unknown: tranche at step tranche");
        await Expect(item(readable)).ToContainTextAsync("otp");
        await Expect(item(readable)).ToContainTextAsync("cancel it instead");
        await Expect(studio.TestId("confirm-button")).ToBeDisabledAsync();
        await studio.TestId("bulk-abandon-reason").FillAsync("key ring lost in the March restore");
        await Expect(studio.TestId("confirm-button")).ToHaveTextAsync("Abandon 1 journey");
        await item(lostWithIntent).GetByTestId("bulk-abandon-reconciled").CheckAsync();
        await Expect(studio.TestId("confirm-button")).ToHaveTextAsync("Abandon 2 journeys");
        var findings = new List<string>();
        await AccessibilityTests.ScanAsync(studio, "bulk abandon dialog", findings);
        Assert.Empty(findings);
        await studio.ScreenshotAsync("bulk-abandon");
        await studio.TestId("confirm-button").ClickAsync();

        var result = studio.TestId("bulk-abandon-result");
        await Expect(result).ToContainTextAsync("2 abandoned");
        await Expect(result).ToContainTextAsync("CapitalFloat.CancelBlock for step block");
        await Expect(result).ToContainTextAsync("cancel it instead");
        await Expect(studio.Row(lost)).ToHaveAttributeAsync("data-status", "Cancelled");
        await Expect(studio.Row(lostWithIntent)).ToHaveAttributeAsync("data-status", "Cancelled");
        await Expect(studio.Row(readable)).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(studio.TestId("bulk-bar")).ToContainTextAsync("1 selected");
        var audited = (await fixture.Api.ListAuditAsync("action=bulk-abandon"))["items"]!.AsArray();
        Assert.Equal(new[] { lost, lostWithIntent }.Order(), audited.Select(a => (string)a!["instanceId"]!).Where(ids.Contains).Order());
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
        // One retried expectation over the rows as they are, not a snapshot of them: the list is live, and a row taken
        // by position disappears when a journey of another test changes while the loop runs (seen on a loaded machine).
        await Expect(studio.TestId("instance-row").Filter(new() { HasNotText = PayLater })).ToHaveCountAsync(0);

        // A status count toggles the status filter: only waiting pay-later journeys remain.
        await studio.TestId("status-count-Waiting").ClickAsync();
        await Expect(studio.TestId("status-count-Waiting")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(studio.Row(other)).ToBeVisibleAsync();
        await Expect(studio.Page.Locator("[data-testid='instance-row']:not([data-status='Waiting'])")).ToHaveCountAsync(0);

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
    /// <summary>
    /// Plays GET /api/session's answer for acme's Operator <c>acme-bot</c> on this page (a partner's key gets no Studio session;
    /// PartnerScopeTests (Server) proves the server sends it); every other session call reaches the server.
    /// </summary>
    private static async Task PlayPartnerSessionAsync(StudioPage studio) =>
        await studio.Page.RouteAsync("**/api/session", route => route.Request.Method == "GET"
            ? route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = """{"signedIn":true,"name":"acme-bot","role":"Operator","partner":"acme"}""" })
            : route.ContinueAsync());

    private static async Task<List<string>> RowsOfPageAsync(StudioPage studio, int page)
    {
        await Expect(studio.TestId("pager")).ToHaveAttributeAsync("data-page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return [.. await studio.TestId("instance-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.instanceId)")];
    }
}
