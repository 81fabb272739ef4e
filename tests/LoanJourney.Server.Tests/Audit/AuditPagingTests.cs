using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Audit;

/// <summary>GET /api/audit pages with before = the previous page's next (keyset): new actions do not shift a page.</summary>
public sealed class AuditPagingTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.Settings());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ThePageAfterNext_IsTheOlderEntries_EvenWhenNewOnesArrive_AndTheLastPageHasNoNext()
    {
        var client = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            started.Add(await client.StartAsync("test-review", new { customerId = $"CUST-PAGE-{i}" }));
        }

        var first = await PageAsync(client, "action=start&take=2");
        Assert.Equal([started[2], started[1]], Journeys(first));
        var next = first["next"]!.GetValue<long>();
        Assert.Equal(first["items"]![1]!["seq"]!.GetValue<long>(), next);

        // A start while the first page is on screen: skip=2 would now show started[1] again; before=next does not.
        await client.StartAsync("test-review", new { customerId = "CUST-PAGE-NEW" });
        var second = await PageAsync(client, $"action=start&take=2&before={next}");

        Assert.Equal([started[0]], Journeys(second));
        Assert.Equal(4, second["total"]!.GetValue<long>());
        Assert.Null(second["next"]);
        Assert.Equal([started[1], started[0]], Journeys(await PageAsync(client, "action=start&take=2&skip=2")));
    }

    private static List<string> Journeys(JsonObject page) =>
        page["items"]!.AsArray().Select(e => e!["instanceId"]!.GetValue<string>()).ToList();

    private static async Task<JsonObject> PageAsync(HttpClient client, string query) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/audit?{query}"))!.AsObject();
}
