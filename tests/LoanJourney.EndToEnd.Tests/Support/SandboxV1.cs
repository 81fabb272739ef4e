using System.Net;
using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests.Support;

/// <summary>FinBox v1 as the borrower's app and FinBox would move it, over the sandbox's own API (a post-disbursal journey's setup).</summary>
public sealed class SandboxV1(Deployment stack)
{
    /// <summary>A user for <paramref name="scenario"/>, its token issued and its application advanced <paramref name="advanceTo"/> steps (all: disbursed).</summary>
    public async Task<(string CustomerId, string LoanApplicationId)> DisbursedLoanAsync(string scenario = "1234", int advanceTo = int.MaxValue)
    {
        var customerId = Samples.NewId("E2E-V1");
        await PostAsync("v1/user/create", new JsonObject { ["customerID"] = customerId, ["mobile"] = Samples.Mobile(scenario) });
        await GetAsync($"v1/user/eligibility?customerID={customerId}");
        await PostAsync("v1/user/token", new JsonObject { ["customerID"] = customerId });
        var loanId = "";
        for (var step = 0; step < advanceTo; step++)
        {
            using var response = await stack.Sandbox.PostAsync($"sandbox/finbox/users/{Uri.EscapeDataString(customerId)}/advance", null);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                break;
            }

            response.EnsureSuccessStatusCode();
            var payload = Deployment.Object(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
            loanId = payload["loanApplicationID"]?.GetValue<string>() is { Length: > 0 } id ? id : loanId;
        }

        return (customerId, loanId);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", "e2e-placeholder");
        using var response = await stack.Sandbox.SendAsync(request);
        return Deployment.Object(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    public async Task<JsonObject> PostAsync(string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JourneyApi.Json(body) };
        request.Headers.Add("x-api-key", "e2e-placeholder");
        using var response = await stack.Sandbox.SendAsync(request);
        return Deployment.Object(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
