using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoanJourney.Studio.Tests;

public sealed partial class DesignerTests
{
    // Session 43: a workflow built in the Studio has no workflows/samples/ file; its sample is saved from the designer's test
    // run and the start form's Fill with the sample fills from it.
    [Fact]
    public async Task ASampleSavedInTheDesigner_FillsTheStartForm_AndOneThatDoesNotFitIsRefusedNamingTheField()
    {
        var id = "sample-" + Guid.NewGuid().ToString("N")[..8];
        var definition = JsonNode.Parse($$"""
            {
              "id": "{{id}}", "title": "Sample test",
              "input": [{ "name": "customerId", "type": "String", "required": true }, { "name": "amount", "type": "Number", "required": true }],
              "start": "review",
              "steps": [
                { "id": "review", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "end" } },
                { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } }
              ]
            }
            """)!.AsObject();
        await fixture.Api.PublishAsync(id, await fixture.Api.SaveDraftAsync(definition));
        await using var studio = await fixture.OpenAsync(width: 1500, height: 1000);

        await studio.GotoAsync($"/definitions/{id}/edit");
        await Expect(studio.TestId("designer")).ToBeVisibleAsync();
        await Expect(studio.TestId("test-run-input-hint")).ToContainTextAsync("required: this workflow has no sample");
        await Expect(studio.TestId("use-sample")).ToBeDisabledAsync();

        await studio.TestId("test-run-input").FillAsync("{\"customerId\": \"CUST-SAMPLE-1\"}");
        await studio.TestId("save-sample").ClickAsync();
        await Expect(studio.TestId("sample-error")).ToContainTextAsync("Not saved: amount:");

        await studio.TestId("test-run-input").FillAsync("{\"customerId\": \"CUST-SAMPLE-1\", \"amount\": 7500}");
        await studio.TestId("save-sample").ClickAsync();
        await Expect(studio.TestId("sample-status")).ToContainTextAsync("checked against version 1");
        await Expect(studio.TestId("sample-error")).ToHaveCountAsync(0);
        await Expect(studio.TestId("test-run-input-hint")).ToContainTextAsync("empty = the workflow's sample");

        await studio.GotoAsync($"/definitions/{id}/start");
        await Expect(studio.TestId("start-form")).ToBeVisibleAsync();
        await studio.TestId("fill-sample").ClickAsync();
        var page = studio.Page;
        await Expect(page.Locator("[data-testid='start-input'][data-field='customerId']")).ToHaveValueAsync(new Regex("^CUST-SAMPLE-1-S"));
        await Expect(page.Locator("[data-testid='start-input'][data-field='amount']")).ToHaveValueAsync("7500");

        var audit = await fixture.Api.ListAuditAsync($"action=sample-save&workflowId={id}");
        Assert.Equal(1, audit["total"]!.GetValue<int>());
        // The one failed request is the refused sample's 400, which the page showed as the field's error.
        studio.AssertNoConsoleErrors(except: $"/api/workflows/{id}/sample:");
    }
}
