using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Support;

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
