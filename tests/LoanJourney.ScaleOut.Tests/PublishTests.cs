using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.ScaleOut.Tests.Support;
using Xunit.Abstractions;

namespace LoanJourney.ScaleOut.Tests;

/// <summary>
/// Issue 13, shown with processes: a publish on one of three server processes on one PostgreSQL database is what the other
/// two start journeys on (their catalogs refresh on the publish's NOTIFY). The wait is a condition with a deadline far
/// above the target; the measured delay is written to the output (docs/engine.md, "Definitions in the store"). A publish that
/// only moves a step (the layout) updates the version in place and the other nodes draw it too.
/// </summary>
[Collection(ScaleOutGroup.Name)]
public sealed class PublishTests(DurablePostgres postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Definition(string id, string outcome, string layout = "") =>
        $$"""{ "id": "{{id}}", "version": 1, "start": "end", "steps": [{ "id": "end", "activity": "Core.End", "inputs": { "outcome": "{{outcome}}" } }]{{layout}} }""";

    private static async Task<int> StartedVersionAsync(HttpClient api, string id)
    {
        using var response = await api.PostAsync($"api/workflows/{id}/instances", Json("{}"));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>();
    }

    private static async Task<long> RevisionOf(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["revision"]!.GetValue<long>();
    }

    private static async Task PublishAsync(HttpClient api, string id, long revision)
    {
        using var response = await api.PostAsync($"api/workflows/{id}/publish", Json($$"""{ "expectedRevision": {{revision}}, "reason": "scale-out publish" }"""));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APublishOnOneNodeIsWhatTheOtherTwoStartJourneysOn()
    {
        await using var cluster = await Cluster.StartAsync(postgres.Server.AdminConnectionString, "publish");
        var (publisher, others) = (cluster.Nodes[0], cluster.Nodes.Skip(1).ToList());
        var id = "live-" + Guid.NewGuid().ToString("N")[..8];

        await PublishAsync(publisher.Api, id, await RevisionOf(await publisher.Api.PostAsync("api/workflows", Json(Definition(id, "V1")))));
        var firstDelays = await Task.WhenAll(others.Select(node => DelayUntilVersionAsync(node, id, 1)));
        await PublishAsync(publisher.Api, id, await RevisionOf(await publisher.Api.PutAsync($"api/workflows/{id}/draft", Json(Definition(id, "V2")))));
        var delays = await Task.WhenAll(others.Select(node => DelayUntilVersionAsync(node, id, 2)));

        Assert.Equal(2, await StartedVersionAsync(publisher.Api, id));
        output.WriteLine($"version 1 (a new workflow) served by the other nodes {string.Join(" and ", firstDelays.Select(d => $"{d.TotalMilliseconds:F0} ms"))} after the publish answered");
        output.WriteLine($"version 2 served by the other nodes {string.Join(" and ", delays.Select(d => $"{d.TotalMilliseconds:F0} ms"))} after the publish answered");

        // A publish that only moves a step (the designer's layout, outside the content hash) makes no version 3: it updates
        // version 2's stored layout in place, and the other nodes draw it too (they reload it on the publish's NOTIFY).
        var moved = await RevisionOf(await publisher.Api.PutAsync($"api/workflows/{id}/draft", Json(Definition(id, "V2", """, "layout": { "end": { "x": 420, "y": 0 } }"""))));
        using (var layoutOnly = await publisher.Api.PostAsync($"api/workflows/{id}/publish", Json($$"""{ "expectedRevision": {{moved}}, "reason": "layout only" }""")))
        {
            var answer = await layoutOnly.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal((HttpStatusCode.OK, 2, true, true),
                (layoutOnly.StatusCode, answer!["version"]!.GetValue<int>(), answer["unchanged"]!.GetValue<bool>(), answer["layoutUpdated"]!.GetValue<bool>()));
        }

        var layoutDelays = await Task.WhenAll(others.Select(node => DelayUntilLayoutAsync(node, id, 420)));
        foreach (var node in others)
        {
            Assert.Equal(2, await StartedVersionAsync(node.Api, id));
        }

        output.WriteLine($"the layout-only publish drawn by the other nodes {string.Join(" and ", layoutDelays.Select(d => $"{d.TotalMilliseconds:F0} ms"))} after it answered");
    }

    private static async Task<TimeSpan> DelayUntilLayoutAsync(ClusterNode node, string id, double x)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(
            async () => (await node.Api.GetFromJsonAsync<JsonObject>($"api/workflows/{id}"))!["layout"]?["end"]?["x"]?.GetValue<double>(),
            v => v == x, Deadline, v => $"{node.Id} drawing step end of {id} at x = {x} (it serves {v?.ToString() ?? "no layout"})");
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> DelayUntilVersionAsync(ClusterNode node, string id, int version)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => StartedVersionAsync(node.Api, id), v => v == version, Deadline, v => $"{node.Id} starting version {version} of {id} (it started {v})");
        return clock.Elapsed;
    }
}
