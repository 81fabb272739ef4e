using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Support;

/// <summary>The partner-outbound tests' server settings and start input (tests' PartnerOutboundWorkflows: test-partner-outbound).</summary>
internal static class PartnerOutbound
{
    /// <summary>The principals with partner-scoped keys, and the definitions directory holding <c>test-partner-outbound</c>.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = TestPrincipals.SettingsWithScoped();
        settings["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "PartnerOutboundWorkflows");
        return settings;
    }

    /// <summary><c>test-partner-outbound</c>'s start input for a partner token (the sandbox answers phone 9876540010's handshake later).</summary>
    public static object Input(string token, string phone = "9876540010") =>
        new { capturedCustomerRefId = "CAP-" + token, phone, partnerToken = token };
}

/// <summary>Waits until a journey stops on an incident; a journey that reaches an outcome instead fails with what it ended as.</summary>
internal static class PartnerIncident
{
    public static async Task<JsonObject> WaitAsync(HttpClient client, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instance = await client.GetInstanceAsync(id);
            var status = instance["status"]!.GetValue<string>();
            Assert.True(status is not ("Completed" or "Cancelled"), $"The journey ended {status}/{instance["outcome"]} instead of an incident: {instance.ToJsonString()}");
            if (status == "Faulted")
            {
                return instance;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"No incident: {instance.ToJsonString()}"); // a safety net only
            await Task.Delay(25);
        }
    }
}
