using System.Text.Json.Nodes;
using LoanJourney.Studio.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

/// <summary>
/// What each role sees (issue 15): the Studio shows who is signed in, hides what the role cannot do, and the server
/// still refuses what the page is forced to send; an Operator's action is recorded under the Operator's name.
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class RoleTests(StudioFixture fixture)
{
    private const string PersonalLoan = "finbox-personal-loan";

    private Task<string> StartFaultedAtKycAsync() => fixture.Api.StartFaultedAtKycAsync("ROLE");

    [Fact]
    public async Task AViewerSeesNoActionButtonsAndIsRefusedWhenForcingOne()
    {
        var id = await StartFaultedAtKycAsync();

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.ViewerKey);
        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync(TestPrincipals.ViewerName);
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync("Viewer");

        // The journey view: the incident is shown, nothing that acts on it.
        await Expect(studio.TestId("incident")).ToHaveAttributeAsync("data-step-id", "kyc");
        await Expect(studio.TestId("incident-readonly")).ToContainTextAsync("Operator");
        await Expect(studio.TestId("journal")).ToBeVisibleAsync();
        foreach (var hidden in new[] { "incident-retry", "incident-skip", "incident-cancel", "cancel-journey", "signal-form" })
        {
            await Expect(studio.TestId(hidden)).ToHaveCountAsync(0);
        }

        await Expect(studio.Page.GetByText("Send a signal")).ToHaveCountAsync(0);
        await studio.ScreenshotAsync("journey-viewer");

        // The journeys list: no bulk bar, no selection boxes.
        await studio.GotoAsync($"/journeys?workflowId={PersonalLoan}&status=Faulted");
        await Expect(studio.Row(id)).ToBeVisibleAsync();
        await Expect(studio.TestId("bulk-bar")).ToHaveCountAsync(0);
        await Expect(studio.Page.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);

        // Definitions: no new workflow, no edit, no start; a typed designer URL says which role it needs.
        await studio.GotoAsync($"/definitions/{PersonalLoan}");
        await Expect(studio.TestId("definition-version")).ToBeVisibleAsync();
        foreach (var hidden in new[] { "new-workflow", "edit-draft", "start-journey" })
        {
            await Expect(studio.TestId(hidden)).ToHaveCountAsync(0);
        }

        await studio.GotoAsync($"/definitions/{PersonalLoan}/edit");
        await Expect(studio.TestId("role-required")).ToContainTextAsync("Designer");
        await studio.GotoAsync($"/definitions/{PersonalLoan}/start");
        await Expect(studio.TestId("role-required")).ToContainTextAsync("Operator");

        // Forcing a retry from the page, with the Viewer's session cookie: 403 problem details naming the role.
        var answer = JsonNode.Parse(await studio.Page.EvaluateAsync<string>($$"""
            async () => {
              const res = await fetch('/api/instances/{{id}}/incident/retry', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
              return JSON.stringify({ status: res.status, contentType: res.headers.get('content-type'), body: await res.json() });
            }
            """))!.AsObject();
        Assert.Equal(403, answer["status"]!.GetValue<int>());
        Assert.StartsWith("application/problem+json", answer["contentType"]!.GetValue<string>(), StringComparison.Ordinal);
        var problem = answer["body"]!.AsObject();
        Assert.Equal("role_required", (string?)problem["code"]);
        Assert.Equal("Operator", (string?)problem["requiredRole"]);
        Assert.Equal("Viewer", (string?)problem["role"]);
        Assert.Contains("Operator", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains(TestPrincipals.ViewerName, (string?)problem["detail"], StringComparison.Ordinal);

        // Refused means nothing happened: still faulted, no retry in the journal.
        var instance = await fixture.Api.GetInstanceAsync(id);
        Assert.Equal("Faulted", (string?)instance["status"]);
        var journal = await fixture.Api.GetJournalAsync(id);
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => (string?)e!["kind"] == "IncidentRetried");

        // Chromium logs the refused request as a console error: the one this test provokes on purpose.
        studio.AssertNoConsoleErrors(except: "403");
    }

    [Fact]
    public async Task ADesignerSeesAuthoringButNoJourneyActions()
    {
        var id = await StartFaultedAtKycAsync();

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.DesignerKey);
        await studio.GotoAsync($"/definitions/{PersonalLoan}");
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync("Designer");
        await Expect(studio.TestId("edit-draft")).ToBeVisibleAsync();
        await Expect(studio.TestId("new-workflow")).ToBeVisibleAsync();
        await Expect(studio.TestId("start-journey")).ToHaveCountAsync(0);

        // The shipped workflow has a sample in workflows/samples/: its test run may leave the start input empty.
        await studio.GotoAsync($"/definitions/{PersonalLoan}/edit");
        await Expect(studio.TestId("test-run-input-hint")).ToContainTextAsync("empty = the workflow's sample");

        // Nor in the designer's header (a workflow with a draft, so the page has loaded when the header shows).
        var draft = "role-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Api.SaveDraftAsync(JourneyApi.EndOnly(draft, "Role test"));
        await studio.GotoAsync($"/definitions/{draft}/edit");
        await Expect(studio.TestId("save-draft")).ToBeVisibleAsync();
        await Expect(studio.StepNode("end")).ToBeVisibleAsync();
        await Expect(studio.TestId("start-link")).ToHaveCountAsync(0);

        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.TestId("incident")).ToBeVisibleAsync();
        await Expect(studio.TestId("incident-retry")).ToHaveCountAsync(0);
        await Expect(studio.TestId("cancel-journey")).ToHaveCountAsync(0);
        studio.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AnOperatorsRetryAppearsInTheJournalWithTheirName()
    {
        var id = await StartFaultedAtKycAsync();

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorKey);
        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync(TestPrincipals.OperatorName);
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync("Operator");
        await Expect(studio.TestId("incident")).ToHaveAttributeAsync("data-step-id", "kyc");
        await Expect(studio.TestId("bulk-bar")).ToHaveCountAsync(0);

        await studio.TestId("incident-retry").ClickAsync();
        await studio.TestId("retry-reason").FillAsync("KYC provider back up");
        await studio.Page.GetByRole(AriaRole.Dialog).GetByTestId("confirm-button").ClickAsync();

        var retried = studio.TestId("journal").Locator("[data-kind='IncidentRetried']");
        await Expect(retried).ToHaveCountAsync(1, new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await Expect(retried.GetByTestId("journal-by")).ToHaveTextAsync($"by {TestPrincipals.OperatorName}");
        await Expect(studio.TestId("journey")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = (float)StudioFixture.JourneyDeadline.TotalMilliseconds });
        await studio.ScreenshotAsync("journey-operator-retry");

        // The server recorded the same actor and the reason typed in the dialog (the timeline shows what the journal holds).
        var journal = await fixture.Api.GetJournalAsync(id);
        var entry = Assert.Single(journal["items"]!.AsArray(), e => (string?)e!["kind"] == "IncidentRetried");
        Assert.Equal(TestPrincipals.OperatorName, (string?)entry!["data"]!["by"]);
        Assert.Equal("KYC provider back up", (string?)entry["data"]!["reason"]);
        studio.AssertNoConsoleErrors();
    }

    // Session 47: a principal may hold several roles (Roles.Held, session 46), and no browser test had signed in as one. An Operator
    // who is also the team's Auditor: the Studio offers what either role allows (journey actions, the audit export) and nothing
    // that needs a role held by neither (authoring: Designer; abandon and erasure: Admin).
    [Fact]
    public async Task AnOperatorWhoIsAlsoAuditor_IsOfferedBothRolesActions_AndNothingMore()
    {
        var id = await StartFaultedAtKycAsync();

        await using var studio = await fixture.OpenAsync(apiKey: TestPrincipals.OperatorAuditorKey);
        await studio.GotoAsync($"/journeys/{id}");
        await Expect(studio.TestId("whoami-name")).ToHaveTextAsync(TestPrincipals.OperatorAuditorName);
        await Expect(studio.TestId("whoami-role")).ToHaveTextAsync("Operator and Auditor");
        await Expect(studio.TestId("whoami")).ToHaveAttributeAsync("data-role", "Operator Auditor");

        // Operator: the incident's actions and the journey's cancel. Not Admin: no abandon, only the note saying who can.
        await Expect(studio.TestId("incident")).ToHaveAttributeAsync("data-step-id", "kyc");
        await Expect(studio.TestId("incident-retry")).ToBeVisibleAsync();
        await Expect(studio.TestId("cancel-journey")).ToBeVisibleAsync();
        await Expect(studio.TestId("incident-readonly")).ToHaveCountAsync(0);
        await Expect(studio.TestId("abandon-panel")).ToHaveCountAsync(0);

        // Operator: the journeys list's selection boxes.
        await studio.GotoAsync($"/journeys?workflowId={PersonalLoan}&status=Faulted");
        await Expect(studio.Row(id)).ToBeVisibleAsync();
        await Expect(studio.Row(id).GetByRole(AriaRole.Checkbox)).ToBeVisibleAsync();

        // Operator: start a journey. Not Designer: no new workflow, no edit; the designer's URL says which role it needs.
        await studio.GotoAsync($"/definitions/{PersonalLoan}");
        await Expect(studio.TestId("start-journey")).ToBeVisibleAsync();
        await Expect(studio.TestId("new-workflow")).ToHaveCountAsync(0);
        await Expect(studio.TestId("edit-draft")).ToHaveCountAsync(0);
        await studio.GotoAsync($"/definitions/{PersonalLoan}/edit");
        await Expect(studio.TestId("role-required")).ToContainTextAsync("Designer");

        // Auditor: the audit trail's export, which the Operator alone is not offered.
        await studio.GotoAsync("/audit");
        await Expect(studio.TestId("audit-export-toggle")).ToBeVisibleAsync();

        // Not Admin: no erasure form.
        await studio.GotoAsync("/privacy");
        await Expect(studio.TestId("erasure-readonly")).ToContainTextAsync("Admin");
        await studio.ScreenshotAsync("roles-operator-auditor");
        studio.AssertNoConsoleErrors();
    }
}
