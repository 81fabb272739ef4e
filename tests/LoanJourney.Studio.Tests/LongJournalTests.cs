using System.Globalization;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// ANCHORS.md, "histories of 20k events freezing the UI" (temporalio/ui#2704): a journey whose journal runs to 20,000 entries
/// (a polling loop of days) opens in the Studio with the first 2,000 of them, stays usable, and loads more only on request.
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class LongJournalTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";
    private const string PayLaterApp = "CFAPP-DEMO-1234";
    private const int Polls = 20_000;
    private const int FirstLoad = 2_000;

    [Fact]
    public async Task AJourneyWithTwentyThousandJournalEntries_OpensWithTheFirst2000_StaysUsable_AndLoadsMoreOnlyOnRequest()
    {
        var id = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater));
        await fixture.Api.WaitUntilAsync(id, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");

        // 20,000 more lender calls of the journey's first call's step, in the SQLite file the server runs on: what a journey
        // polling a lender for days leaves in its journal.
        long total;
        await using (var connection = new SqliteConnection($"Data Source={fixture.Server.DatabasePath};Pooling=False;Default Timeout=60"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $polls)
                INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json)
                SELECT j.instance_id, j.at + n.i, j.kind, j.step_id, j.attempt, j.data_json
                FROM n, (SELECT * FROM journal WHERE instance_id = $id AND kind = 'LenderCall' ORDER BY seq LIMIT 1) j
                """;
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$polls", Polls);
            Assert.Equal(Polls, await insert.ExecuteNonQueryAsync());
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM journal WHERE instance_id = $id";
            count.Parameters.AddWithValue("$id", id);
            total = (long)(await count.ExecuteScalarAsync())!;
        }

        await using var studio = await fixture.OpenAsync();
        await studio.GotoAsync($"/journeys/{id}");
        var entries = studio.TestId("journal").Locator(":scope > li");
        await Expect(entries).ToHaveCountAsync(FirstLoad);
        await Expect(studio.TestId("journal-partial")).ToHaveTextAsync($"Showing the first {FirstLoad} of {total} entries.");
        await Expect(studio.TestId("journal-more")).ToHaveTextAsync($"Load more ({total - FirstLoad} not shown)");
        Assert.DoesNotContain(studio.RequestedUrls, u => u.Contains("/journal", StringComparison.Ordinal) && Skip(u) >= FirstLoad);

        // Usable: the filters answer, on the entries shown.
        await studio.TestId("journal-step").SelectOptionAsync("otp");
        await Expect(entries).Not.ToHaveCountAsync(FirstLoad);
        Assert.All(await studio.TestId("journal").Locator(":scope > li .tl-step").AllInnerTextsAsync(), step => Assert.Equal("otp", step));
        await studio.TestId("journal-step").SelectOptionAsync("");
        await Expect(entries).ToHaveCountAsync(FirstLoad);

        // More only when asked for: 2,000 at a time.
        await studio.TestId("journal-more").ClickAsync();
        await Expect(entries).ToHaveCountAsync(2 * FirstLoad);
        await Expect(studio.TestId("journal-more")).ToHaveTextAsync($"Load more ({total - (2 * FirstLoad)} not shown)");
        Assert.DoesNotContain(studio.RequestedUrls, u => u.Contains("/journal", StringComparison.Ordinal) && Skip(u) >= 2 * FirstLoad);

        // And the journey is still worked from its page: the OTP sent from the form completes it, and the page follows live.
        var otp = await fixture.Api.ReadOtpAsync(PayLaterApp, id);
        await studio.TestId("signal-secret").FillAsync(otp);
        await studio.TestId("signal-send").ClickAsync();
        // Not Expect(...).ToHaveAttributeAsync on the journey: its failing polls snapshot the whole page (StudioPage.ExpectAttributeAsync).
        await studio.ExpectAttributeAsync(studio.TestId("journey"), "data-status", "Completed");
        await Expect(studio.TestId("journey-outcome")).ToHaveTextAsync("Disbursed");
        studio.AssertNoConsoleErrors();
    }

    private static int Skip(string url)
    {
        var query = new Uri(url).Query.TrimStart('?').Split('&');
        var skip = query.FirstOrDefault(p => p.StartsWith("skip=", StringComparison.Ordinal));
        return skip is null ? 0 : int.Parse(skip["skip=".Length..], CultureInfo.InvariantCulture);
    }
}
