using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Tests.Lenders;

/// <summary>
/// A lender that refuses our credentials says our setting is wrong, nothing about the borrower: over real HTTP against the embedded
/// sandbox, which refuses a wrong key as each lender does (<c>Sandbox:ApiKeys</c>), each lender's journey stops at its first call on
/// a <c>LenderApiMisconfigured</c> incident naming the setting (<c>Lenders:&lt;lender&gt;:ApiKey</c> or <c>:Authorization</c>, never
/// the key), sent once; the key is corrected in a watched file (no restart) and the incident retried, and the journey goes on to
/// its business end. Until session 48 it was a <c>LenderError</c> saying only <c>FBX-E-005: unauthorised request</c>.
/// docs/lenders.md, "Our configuration refused".
/// </summary>
public sealed class LenderMisconfiguredTests
{
    private const string RightKey = "sandbox-key"; // what LenderServerFactory gives every lender, and what the sandbox is told to accept

    [Theory]
    [InlineData("FinBoxPrism", "ApiKey", "FinBoxV2", "finbox-personal-loan", "FBX-E-005")]
    [InlineData("FinBoxSourcing", "ApiKey", "FinBoxV1", "finbox-sdk-journey", "HTTP 401")]
    [InlineData("CapitalFloat", "Authorization", "CapitalFloat", "capitalfloat-paylater", "-200")]
    public async Task AWrongLenderKey_IsAnIncidentNamingTheSetting_AndAfterTheKeyIsFixed_TheRetriedJourneyGoesOn(
        string lender, string credential, string sandboxFamily, string workflowId, string lenderCode)
    {
        var setting = $"Lenders:{lender}:{credential}";
        using var file = new WatchedSettingsFile(Key(lender, credential, "wrong-key-4411"));
        using var server = new LenderServerFactory(
            settings: new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
                ["Engine:PollInterval"] = "00:00:00.100",
                ["Sandbox:ProcessingPolls"] = "1",
                [$"Sandbox:ApiKeys:{sandboxFamily}"] = RightKey,
            },
            configuration: file.AddTo);
        using var api = server.CreateApiClient();

        var input = Sample(workflowId);
        var id = await api.StartAsync(workflowId, input);
        var journey = await api.WaitForStatusAsync(id, "Faulted");

        var incident = journey["incident"]!;
        Assert.Equal("LenderApiMisconfigured", incident["errorKind"]!.GetValue<string>());
        var message = incident["message"]!.GetValue<string>();
        Assert.StartsWith($"HTTP 401 from Lenders:{lender} to {lender}.", message, StringComparison.Ordinal);
        Assert.Contains($"check {setting}.", message, StringComparison.Ordinal);
        Assert.Contains("then Retry this incident", message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-4411", message, StringComparison.Ordinal); // the key is never shown
        Assert.Equal((setting, 401, lenderCode), (incident["details"]!["setting"]!.GetValue<string>(),
            incident["details"]!["httpStatus"]!.GetValue<int>(), incident["details"]!["lenderCode"]!.GetValue<string>()));
        Assert.Single(await LenderCallsAsync(api, id), c => c["httpStatus"]?.GetValue<int>() == 401); // sent once: the same key gets the same answer

        file.Write(Key(lender, credential, RightKey));
        var monitor = server.Services.GetRequiredService<IOptionsMonitor<LenderOptions>>();
        await WatchedSettingsFile.UntilReadAsync(() => (credential == "ApiKey" ? monitor.Get(lender).ApiKey : monitor.Get(lender).Authorization) == RightKey);

        var retried = await api.PostAsync($"/api/instances/{id}/incident/retry", Api.Json(new { reason = "lender key fixed" }));
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        if (workflowId == "capitalfloat-paylater")
        {
            // It goes on to block the amount and waits for the borrower's OTP, which the sandbox "sends" to its inbox.
            await api.WaitForStatusAsync(id, "Waiting");
            (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp = await PayLater.OtpAsync(api, id, input) }))).Dispose();
        }

        var done = await api.WaitForStatusAsync(id, "Completed", TimeSpan.FromMinutes(2));
        Assert.Equal("Disbursed", done["outcome"]!.GetValue<string>());
    }

    private static JsonObject Sample(string workflowId)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", workflowId + ".json")))!.AsObject();
        if (input.ContainsKey("customerId"))
        {
            input["customerId"] = "CUST-CFG-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        }

        return input;
    }

    private static async Task<List<JsonNode>> LenderCallsAsync(HttpClient api, string id)
    {
        var journal = await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync();
        return [.. journal["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "LenderCall").Select(e => e!["data"] ?? e)!];
    }

    private static JsonObject Key(string lender, string credential, string key) =>
        new() { ["Lenders"] = new JsonObject { [lender] = new JsonObject { [credential] = key } } };
}
