using System.Net;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

/// <summary>Issue 17: a finished journey's packed journal answers the management API exactly as its rows did.</summary>
public sealed class PackedJournalApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly string[] Pages = ["take=500", "skip=0&take=1", "skip=0&take=2", "skip=2&take=3", "skip=5&take=500", "skip=100&take=5"];

    [Fact]
    public async Task JournalEndpoint_OfAPackedJourney_AnswersEveryPageAsBeforePacking()
    {
        var api = factory.CreateApiClient();
        var id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");
        var before = await ReadPagesAsync(api, id);

        Assert.True(await factory.Services.GetRequiredService<IWorkflowStore>().CompactJournalsAsync(DateTimeOffset.MaxValue, 1000, default) >= 1);

        Assert.Equal(before, await ReadPagesAsync(api, id));
        Assert.Contains("\"kind\":\"SignalReceived\"", before[0], StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadPagesAsync(HttpClient api, string id)
    {
        var pages = new List<string>();
        foreach (var query in Pages)
        {
            using var response = await api.GetAsync($"/api/instances/{id}/journal?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        return pages;
    }
}
