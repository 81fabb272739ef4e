using System.Text.RegularExpressions;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// A borrower's erasure in the Studio (DPDP Act 2023, docs/studio.md "Privacy"): an Admin types the customer id, reads the
/// server's dry run, gives a reason, cancels the journey in flight first, confirms, and gets a receipt that names the
/// borrower only masked; other roles read the retention settings without the form.
/// </summary>
[Collection(StudioDesignTestGroup.Name)]
public sealed class PrivacyTests(StudioFixture fixture)
{
    private const string PayLater = "capitalfloat-paylater";

    [Fact]
    public async Task AnAdminErasesABorrowerAfterTheDryRun_WithAReason_AndTheReceiptShowsTheCustomerMasked()
    {
        var customerId = Ids.Customer("ERASE");
        var waiting = await fixture.Api.StartAsync(PayLater, JourneyApi.Sample(PayLater, new Dictionary<string, string> { ["customerId"] = customerId }));
        await fixture.Api.WaitUntilAsync(waiting, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        await studio.GotoAsync("/journeys");
        await studio.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Privacy", Exact = true }).ClickAsync();
        await Expect(studio.Page).ToHaveURLAsync(new Regex("#/privacy$"));
        await Expect(studio.TestId("retention-settings")).ToBeVisibleAsync();

        await studio.TestId("erasure-customer").FillAsync(customerId);
        await studio.TestId("erasure-dry-run").ClickAsync();
        var row = studio.Page.Locator($"[data-testid='erasure-plan-row'][data-instance-id='{waiting}']");
        await Expect(row).ToHaveAttributeAsync("data-action", "cancel-then-redact");
        await Expect(studio.TestId("erasure-submit")).ToBeDisabledAsync();
        await studio.TestId("erasure-reason").FillAsync("DPDP request 77");
        await Expect(studio.TestId("erasure-submit")).ToBeDisabledAsync(); // the journey in flight is not cancelled yet
        await studio.TestId("erasure-cancel-first").CheckAsync();
        await studio.TestId("erasure-submit").ClickAsync();
        await Expect(studio.TestId("confirm-dialog")).ToContainTextAsync("1 journey of customer XXXX");
        Assert.Equal("Waiting", (string?)(await fixture.Api.GetInstanceAsync(waiting))["status"]); // nothing before the confirmation
        await studio.TestId("confirm-button").ClickAsync();

        var receipt = studio.TestId("erasure-receipt");
        await Expect(receipt).ToContainTextAsync("1 journey redacted");
        await Expect(receipt).ToContainTextAsync("1 journey cancelled first");
        await Expect(studio.TestId("erasure-receipt-hash")).ToHaveTextAsync(new Regex("^sha256:[0-9a-f]{64}$"));
        await Expect(studio.TestId("erasure-customer")).ToHaveValueAsync("");
        Assert.DoesNotContain(customerId, await studio.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await studio.ScreenshotAsync("privacy-erased");

        var erased = await fixture.Api.GetInstanceAsync(waiting);
        Assert.Equal("Cancelled", (string?)erased["status"]);
        Assert.StartsWith("sha256:", (string?)erased["correlationId"], StringComparison.Ordinal);
        var audit = await fixture.Api.ListAuditAsync($"action=erasure&instanceId={waiting}");
        Assert.Equal("DPDP request 77", (string?)audit["items"]![0]!["reason"]);
    }

    // Session 47: a borrower's access request (DPDP Act s.11) answered from the Privacy page, beside the erasure: the journeys,
    // the kinds of data each holds and who received which, masked, with a JSON download that names the borrower by hash only.
    [Fact]
    public async Task AnAdminReadsABorrowersAccessReport_KindsNotValues_AndDownloadsItAsJson()
    {
        var customerId = Ids.Customer("ACCESS");
        var input = JourneyApi.Sample(PayLater, new Dictionary<string, string> { ["customerId"] = customerId });
        var waiting = await fixture.Api.StartAsync(PayLater, input);
        await fixture.Api.WaitUntilAsync(waiting, i => (string?)i["currentStep"] == "otp" && (string?)i["status"] == "Waiting", StudioFixture.JourneyDeadline, "waiting at otp");

        await using var studio = await fixture.OpenAsync(width: 1280, height: 900);
        await studio.GotoAsync("/privacy");
        await studio.TestId("access-customer").FillAsync(customerId);
        await studio.TestId("access-submit").ClickAsync();

        var row = studio.Page.Locator($"[data-testid='access-journey'][data-instance-id='{waiting}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByTestId("access-categories")).ToContainTextAsync("customer and loan ids");
        await Expect(row.GetByTestId("access-retention")).ToContainTextAsync("kept while in flight");
        await Expect(studio.TestId("access-recipient").First).ToBeVisibleAsync();
        await Expect(studio.TestId("access-recipient-categories").First).ToContainTextAsync("customer and loan ids");
        await Expect(studio.TestId("access-masked")).ToHaveTextAsync(new string('X', customerId.Length - 4) + customerId[^4..]);
        var shown = await studio.Page.Locator("main").InnerTextAsync();
        foreach (var value in new[] { customerId, (string)input["appId"]!, (string)input["partner"]!["verifiedCustomerRefId"]! })
        {
            Assert.DoesNotContain(value, shown, StringComparison.OrdinalIgnoreCase);
        }

        var download = await studio.Page.RunAndWaitForDownloadAsync(() => studio.TestId("access-download").ClickAsync());
        Assert.Matches("^access-report-[0-9a-f]{12}\\.json$", download.SuggestedFilename);
        var json = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(waiting, json, StringComparison.Ordinal);
        Assert.DoesNotContain(customerId, json, StringComparison.OrdinalIgnoreCase);
        await studio.ScreenshotAsync("privacy-access-report");

        var audit = await fixture.Api.ListAuditAsync("action=access-report");
        var hash = (string?)System.Text.Json.Nodes.JsonNode.Parse(json)!["customerHash"];
        Assert.Contains(audit["items"]!.AsArray(), e => (string?)e!["data"]!["customerHash"] == hash && (string?)e["principal"] == TestPrincipals.AdminName);
    }

    [Fact]
    public async Task AViewerReadsTheRetentionSettings_WithoutTheErasure()
    {
        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.ViewerKey);
        await studio.GotoAsync("/privacy");
        await Expect(studio.TestId("retention-settings")).ToBeVisibleAsync();
        // Walk 44: retention is off on this server (Development), so nothing is "redacted after 90 days": each period is
        // what retention would do once on.
        await Expect(studio.TestId("retention-enabled")).ToContainTextAsync("Off on this server");
        await Expect(studio.TestId("retention-settings")).ToContainTextAsync("Completedkept (with retention on: redacted after 90 days)");
        await Expect(studio.TestId("retention-settings")).Not.ToContainTextAsync(new System.Text.RegularExpressions.Regex("[a-z]redacted after"));
        await Expect(studio.TestId("erasure-readonly")).ToContainTextAsync("Admin");
        await Expect(studio.TestId("access-readonly")).ToContainTextAsync("Auditor or Admin");
        await Expect(studio.TestId("access-report")).ToHaveCountAsync(0);
        await Expect(studio.TestId("erasure")).ToHaveCountAsync(0);
    }
}
